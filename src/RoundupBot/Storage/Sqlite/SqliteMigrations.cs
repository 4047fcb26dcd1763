namespace RoundupBot.Storage.Sqlite;

/// <summary>
/// The schema, as one ordered list that only grows: migration N (1-based) takes the database from version N-1 to N.
/// Never edit a shipped migration; append a new one, here and in <c>PostgresMigrations</c> together (migration N means
/// the same in both, which <c>MigrationParityTests</c> checks). Times are INTEGER unix milliseconds (UTC), lists are
/// JSON text, booleans are INTEGER.
/// </summary>
internal static class SqliteMigrations
{
    /// <remarks>
    /// Title keys are looked up through <c>title_hash</c> (a 64-bit hash of <c>title_key</c>, checked against the text
    /// on lookup) rather than an index on the text: title keys are long and random, and their text index made
    /// every fetch's commit rewrite hundreds of index pages; measured, it halved insert throughput.
    /// </remarks>
    public static IReadOnlyList<string> All { get; } =
    [
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            url TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            weight REAL NOT NULL DEFAULT 1,
            selectors TEXT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            etag TEXT NULL,
            last_modified TEXT NULL,
            last_fetched_at INTEGER NULL,
            last_status INTEGER NULL,
            last_error TEXT NULL,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            next_due_at INTEGER NULL,
            feed_title TEXT NULL,
            created_at INTEGER NOT NULL
        );

        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            canonical_key TEXT NOT NULL UNIQUE,
            title_key TEXT NULL,
            title_hash INTEGER NULL,
            title TEXT NOT NULL,
            link TEXT NOT NULL,
            authors TEXT NOT NULL DEFAULT '[]',
            published_at INTEGER NULL,
            first_seen_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            categories TEXT NOT NULL DEFAULT '[]',
            arxiv_id TEXT NULL,
            arxiv_version INTEGER NULL,
            doi TEXT NULL,
            comment TEXT NULL,
            content_hash TEXT NOT NULL
        );
        CREATE INDEX ix_items_title_hash ON items (title_hash);
        CREATE INDEX ix_items_first_seen_at ON items (first_seen_at);
        CREATE INDEX ix_items_published_at ON items (published_at);

        CREATE TABLE item_sources (
            item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
            source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            first_seen_at INTEGER NOT NULL,
            PRIMARY KEY (item_id, source_id)
        );
        CREATE INDEX ix_item_sources_source_id ON item_sources (source_id);

        CREATE TABLE item_mentions (
            item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
            mentioned_key TEXT NOT NULL,
            PRIMARY KEY (item_id, mentioned_key)
        );
        CREATE INDEX ix_item_mentions_mentioned_key ON item_mentions (mentioned_key);
        """,
        // 2: one sentence vector per item, valid while content_hash matches the item's; vector is little-endian float32.
        """
        CREATE TABLE item_embeddings (
            item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            vector BLOB NOT NULL
        );
        """,

        // 3: the archive of published issues; the JSON is digest.json as frozen.
        """
        CREATE TABLE digests (
            number INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            period_start INTEGER NOT NULL,
            period_end INTEGER NOT NULL,
            published_at INTEGER NOT NULL,
            sections INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            json TEXT NOT NULL
        );
        """,

        // 4: email subscribers; address_key is the lower-cased address, unique.
        """
        CREATE TABLE subscribers (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL,
            address_key TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            confirmed_at INTEGER,
            unsubscribed_at INTEGER,
            bounces INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        """,
        // 5: one delivery per (issue, channel, subscriber), the unit of "exactly once". claimed_by/claimed_until is the
        // publisher's lease; committed_at marks the moment the message was handed over in full, so recovery after a crash
        // can tell "never sent" (send again) from "probably sent" (do not).
        """
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            digest_number INTEGER NOT NULL REFERENCES digests(number),
            channel TEXT NOT NULL,
            subscriber_id INTEGER NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER,
            created_at INTEGER NOT NULL,
            claimed_by TEXT,
            claimed_until INTEGER,
            committed_at INTEGER,
            sent_at INTEGER,
            last_error TEXT,
            UNIQUE (digest_number, channel, subscriber_id)
        );
        CREATE INDEX deliveries_due ON deliveries (channel, status, next_attempt_at, id);
        """,
        // 6: the per-item gists the LLM engine wrote, keyed by the item's content hash, the model and the prompt version,
        // so a second run over the same items sends none of them again.
        """
        CREATE TABLE item_gists (
            content_hash TEXT NOT NULL,
            model TEXT NOT NULL,
            prompt_version TEXT NOT NULL,
            gist TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (content_hash, model, prompt_version)
        );
        """,

        // 7: Discord subscriptions join the one subscriber list. A Discord subscriber has channel 'discord', address_key
        // 'discord:{webhook id}' and, in the column still named email, a readable label (never the token). Its webhook
        // (token: a secret) is in discord_webhooks. delivery_parts records each message of a multi-message delivery once
        // Discord has answered with its id, so a resumed delivery posts only the parts without a record.
        """
        ALTER TABLE subscribers ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';

        CREATE TABLE discord_webhooks (
            subscriber_id INTEGER PRIMARY KEY REFERENCES subscribers (id) ON DELETE CASCADE,
            webhook_id TEXT NOT NULL UNIQUE,
            token TEXT NOT NULL,
            channel_id TEXT,
            guild_id TEXT,
            thread_id TEXT,
            is_forum INTEGER NOT NULL DEFAULT 0,
            name TEXT
        );
        CREATE INDEX discord_webhooks_channel ON discord_webhooks (channel_id);

        CREATE TABLE delivery_parts (
            delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
            part INTEGER NOT NULL,
            message_id TEXT NOT NULL,
            channel_id TEXT,
            posted_at INTEGER NOT NULL,
            PRIMARY KEY (delivery_id, part)
        );
        """,

        // 8: the deliveries still to claim, in claim order. Claiming takes the lowest pending id; without this index the
        // lookup walked past every delivery already sent (by id) or sorted every pending one, so sending an issue to n
        // subscribers cost O(n²) (2.5 ms per claim half-way through 10,000 on PostgreSQL). Sent rows leave the index.
        """
        CREATE INDEX deliveries_claim ON deliveries (channel, id) WHERE status = 'pending';
        -- Claims being held: what recovery and every instance's look for due deliveries (at each check-in) read.
        CREATE INDEX deliveries_sending ON deliveries (claimed_until) WHERE status = 'sending';
        -- Who is fetching a source (its next due time is then the claim's lease), so that a process that died while
        -- fetching is recognised and its sources are due again at once instead of after the lease.
        ALTER TABLE sources ADD COLUMN claimed_by TEXT;
        """,

        // 9 (issue 15): how arXiv announced an item (a revision of an older paper is not news) and
        // the community signals (Hugging Face upvotes, Hacker News points) each source last reported for it.
        """
        CREATE TABLE item_announcements (
            item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
            revision INTEGER NOT NULL
        );

        CREATE TABLE item_signals (
            item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
            source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            count INTEGER NOT NULL,
            comments INTEGER NOT NULL,
            discussion_url TEXT NOT NULL,
            title TEXT NULL,
            first_seen_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (item_id, source_id)
        );
        CREATE INDEX ix_item_signals_source_id ON item_signals (source_id);
        """,
        // 10 (issue 17): the draft waiting for the editor with Roundup:Review on. One row, always there (json NULL when no
        // draft), so its version only ever grows and an edit made on a discarded or replaced draft can never match a new one.
        """
        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL,
            json TEXT NULL,
            built_at INTEGER NULL,
            edited INTEGER NOT NULL DEFAULT 0,
            period_start INTEGER NULL,
            period_end INTEGER NULL,
            deadline INTEGER NULL
        );
        INSERT INTO drafts (id, version) VALUES (1, 0);
        """,
    ];

    /// <summary>The schema version this program writes.</summary>
    public static int LatestVersion => All.Count;
}
