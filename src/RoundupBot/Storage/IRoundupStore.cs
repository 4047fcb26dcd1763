using RoundupBot.Model;

namespace RoundupBot.Storage;

/// <summary>
/// Everything RoundupBot keeps: sources with their fetch state, items and which sources carried them, items' embeddings
/// and gists, the archive of issues, subscribers (email and Discord, with their webhooks), and deliveries with their
/// claims and parts. One implementation, <see cref="SqlStore"/>, over two databases (<c>SqliteStore</c> by default,
/// <c>PostgresStore</c> for several instances); the rest of the program sees only this interface.
/// All times are stored and returned in UTC, to whole milliseconds. Methods are safe to call from several threads at once.
/// </summary>
public interface IRoundupStore
{
    /// <summary>Creates the database if needed and applies every migration it has not seen, in order.</summary>
    /// <exception cref="StoreException">The database is newer than this program, or cannot be opened.</exception>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Checks, without changing anything, that the database's schema is the one this program writes: what start-up does
    /// instead of <see cref="MigrateAsync"/> when <c>Storage:ApplySchema</c> is false.
    /// </summary>
    /// <exception cref="StoreException">The schema is older or newer than this program's, or the database cannot be opened.</exception>
    Task CheckSchemaAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Asks the database one cheap question (its schema version), to tell whether it answers now: what the
    /// <c>/healthz</c> store check and <c>roundup serve</c>'s outage log lines are made of.
    /// </summary>
    /// <param name="timeout">How long the database has to answer, connecting included.</param>
    /// <param name="cancellationToken">Stops waiting (<see cref="OperationCanceledException"/>).</param>
    /// <exception cref="StoreException">The database does not answer, or not within <paramref name="timeout"/>; the message names it and says what is wrong.</exception>
    Task PingAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Every source, with its item count, ordered by id.</summary>
    Task<IReadOnlyList<Source>> ListSourcesAsync(CancellationToken cancellationToken);

    Task<Source?> GetSourceAsync(long id, CancellationToken cancellationToken);

    /// <summary>The source with exactly this URL, or null.</summary>
    Task<Source?> FindSourceByUrlAsync(string url, CancellationToken cancellationToken);

    /// <summary>Adds a source and returns it with its id.</summary>
    /// <exception cref="StoreException">A source with the same URL exists (<see cref="StoreException.Conflict"/> is true).</exception>
    Task<Source> AddSourceAsync(Source source, CancellationToken cancellationToken);

    /// <summary>Replaces a source's name, kind, weight, selectors and enabled flag (not its URL or fetch state).</summary>
    Task UpdateSourceAsync(Source source, CancellationToken cancellationToken);

    /// <summary>Removes a source and the items only it carried. Returns false when no source has that id.</summary>
    Task<bool> RemoveSourceAsync(long id, CancellationToken cancellationToken);

    /// <summary>Enabled sources whose next due time is null or not after <paramref name="now"/>, ordered by id.</summary>
    Task<IReadOnlyList<Source>> ListDueSourcesAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a due source for fetching: when source <paramref name="id"/> is enabled and due at <paramref name="now"/>, moves
    /// its next due time to <paramref name="until"/>, records <paramref name="claimant"/> and returns it, as one atomic
    /// step, so no other process (another instance, <c>roundup fetch</c>) takes it meanwhile; null when it is not due
    /// (someone else took it) or gone. The fetch's <see cref="SaveFetchStateAsync"/> ends the claim; a claimer that dies
    /// leaves the source due again at <paramref name="until"/>, or at once after <see cref="ReleaseSourceClaimsAsync"/>.
    /// </summary>
    Task<Source?> ClaimSourceAsync(long id, string claimant, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Makes due at <paramref name="now"/> the sources still claimed by a claimant <paramref name="isClaimantGone"/> says
    /// is gone (a process on this machine that died while fetching).
    /// </summary>
    /// <returns>How many sources were released.</returns>
    Task<int> ReleaseSourceClaimsAsync(DateTimeOffset now, Func<string, bool> isClaimantGone, CancellationToken cancellationToken);

    /// <summary>Replaces a source's fetch state.</summary>
    Task SaveFetchStateAsync(long sourceId, SourceFetchState state, CancellationToken cancellationToken);

    /// <summary>
    /// Stores one fetch's entries for a source (SQLite: in one transaction; PostgreSQL: in transactions of at most 128
    /// entries, so that instances storing at once lock only the titles they carry): an entry whose canonical key (or,
    /// failing that, title key) is known joins that item (updating it when its content hash changed; for arXiv, only a
    /// newer version replaces the text); otherwise a new item is made. Every item records that this source carried it.
    /// </summary>
    Task<UpsertCounts> UpsertItemsAsync(long sourceId, IReadOnlyList<ItemCandidate> candidates, DateTimeOffset seenAt, CancellationToken cancellationToken);

    /// <summary>
    /// Items first seen in [<paramref name="from"/>, <paramref name="to"/>), with their sources and mention counts. First
    /// seen, not published: consecutive windows then hold every item exactly once, however late its feed carried it.
    /// </summary>
    Task<IReadOnlyList<Item>> ListItemsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    Task<int> CountItemsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records how arXiv announced the stored items of <paramref name="candidates"/> (those with an
    /// <see cref="ItemCandidate.AnnounceType"/>, found by canonical key): a <c>replace</c> or <c>replace-cross</c> makes
    /// the item a revision, and a <c>new</c> or <c>cross</c> listing of it, then or later, makes it new for good.
    /// Call after <see cref="UpsertItemsAsync"/> stored them; candidates without a stored item are skipped.
    /// </summary>
    Task SaveAnnouncementsAsync(IReadOnlyList<ItemCandidate> candidates, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the <see cref="ItemCandidate.Signal"/> of each of <paramref name="candidates"/> against its item (found by
    /// canonical key) and <paramref name="sourceId"/>, replacing the numbers an earlier fetch stored; when a batch names
    /// one item twice (two stories of one link), the higher count wins. Call after <see cref="UpsertItemsAsync"/>.
    /// </summary>
    Task SaveSignalsAsync(long sourceId, IReadOnlyList<ItemCandidate> candidates, DateTimeOffset seenAt, CancellationToken cancellationToken);

    /// <summary>What the selection needs beyond <see cref="Item"/> for <paramref name="itemIds"/>: which are arXiv revisions, their community signals and the keys each links.</summary>
    Task<SelectionFacts> GetSelectionFactsAsync(IReadOnlyList<long> itemIds, CancellationToken cancellationToken);

    /// <summary>
    /// Freezes a digest into the archive (its <see cref="Digest.ContentHash"/> computed if missing) and, in the same
    /// transaction, queues one pending delivery per confirmed subscriber of each of <paramref name="channels"/>: a crash
    /// can never leave an archived issue that some subscribers will not get.
    /// </summary>
    /// <exception cref="StoreException">That number is already archived (<see cref="StoreException.Conflict"/> is true).</exception>
    Task SaveDigestAsync(Digest digest, DateTimeOffset publishedAt, IReadOnlyCollection<DeliveryChannel> channels, CancellationToken cancellationToken);

    /// <summary>The draft waiting for the editor (<c>Roundup:Review</c>), or null when there is none.</summary>
    Task<Draft?> GetDraftAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a newly built draft (not edited, its version one more than the last) in place of the current one. With
    /// <paramref name="replacing"/> null, a draft an editor changed is kept and null returned: a build never throws an
    /// editor's work away. With <paramref name="replacing"/> set (an explicit rebuild), the current draft must be at that
    /// version, edited or not.
    /// </summary>
    /// <returns>The stored draft, or null when an edited draft was kept.</returns>
    /// <exception cref="DraftChangedException"><paramref name="replacing"/> is not the current draft's version.</exception>
    Task<Draft?> SaveDraftAsync(Digest digest, DateTimeOffset builtAt, DateTimeOffset? deadline, int? replacing, CancellationToken cancellationToken);

    /// <summary>Replaces the draft's issue with an edited one, marks it edited and returns it at its next version.</summary>
    /// <exception cref="DraftChangedException">The draft is not at <paramref name="version"/>, or there is none; nothing changed.</exception>
    Task<Draft> UpdateDraftAsync(int version, Digest digest, CancellationToken cancellationToken);

    /// <summary>Throws the draft away.</summary>
    /// <exception cref="DraftChangedException">The draft is not at <paramref name="version"/>, or there is none.</exception>
    Task DiscardDraftAsync(int version, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes the draft: in one transaction, removes it (at <paramref name="version"/> only) and archives
    /// <paramref name="digest"/> with its deliveries as <see cref="SaveDigestAsync"/> does. Of two publishers at once
    /// (two instances, an approval and the deadline), exactly one archives; the other gets <see cref="DraftChangedException"/>.
    /// </summary>
    /// <exception cref="DraftChangedException">The draft is not at <paramref name="version"/>, or there is none; nothing changed.</exception>
    /// <exception cref="StoreException">That number is already archived (<see cref="StoreException.Conflict"/>); the draft stays.</exception>
    Task PublishDraftAsync(int version, Digest digest, DateTimeOffset publishedAt, IReadOnlyCollection<DeliveryChannel> channels, CancellationToken cancellationToken);

    /// <summary>The archived issue with that number, or null.</summary>
    Task<Digest?> GetDigestAsync(int number, CancellationToken cancellationToken);

    /// <summary>The archived issue with the highest number, or null when none is.</summary>
    Task<Digest?> GetLatestDigestAsync(CancellationToken cancellationToken);

    /// <summary>Every archived issue, newest first.</summary>
    Task<IReadOnlyList<DigestSummary>> ListDigestsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The stored vectors of <paramref name="items"/> that <paramref name="model"/> made from the item's current text:
    /// a vector whose content hash differs from <see cref="Item.ContentHash"/>, or that another model made, is left out.
    /// Keyed by item id; items without a valid vector are simply absent. Vectors are returned exactly as saved.
    /// </summary>
    Task<IReadOnlyDictionary<long, float[]>> GetEmbeddingsAsync(IReadOnlyList<Item> items, string model, CancellationToken cancellationToken);

    /// <summary>
    /// Stores one vector per item (replacing any earlier one, whichever model made it), in one transaction. Rows for
    /// items that no longer exist are skipped. The vector is kept bit for bit.
    /// </summary>
    Task SaveEmbeddingsAsync(IReadOnlyList<(long ItemId, string ContentHash, float[] Vector)> rows, string model, CancellationToken cancellationToken);

    /// <summary>
    /// The gists <paramref name="model"/> wrote under <paramref name="promptVersion"/> for the current text of
    /// <paramref name="items"/> (looked up by <see cref="Item.ContentHash"/>), keyed by item id; items without one are absent.
    /// </summary>
    Task<IReadOnlyDictionary<long, string>> GetGistsAsync(IReadOnlyList<Item> items, string model, string promptVersion, CancellationToken cancellationToken);

    /// <summary>Stores gists by content hash (replacing an earlier one for the same hash, model and prompt version), in one transaction.</summary>
    Task SaveGistsAsync(IReadOnlyList<(string ContentHash, string Gist)> gists, string model, string promptVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an email subscriber, or brings back one who unsubscribed (or never confirmed), with the status given.
    /// An address that is already pending, confirmed or paused is returned unchanged. Addresses compare case-insensitively.
    /// </summary>
    /// <returns>The subscriber and whether anything changed.</returns>
    Task<(Subscriber Subscriber, bool Changed)> SubscribeAsync(string email, SubscriberStatus status, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Subscriber?> GetSubscriberAsync(long id, CancellationToken cancellationToken);

    /// <summary>The email subscriber with this address (compared case-insensitively), or null. Discord subscribers are never found here.</summary>
    Task<Subscriber?> FindSubscriberAsync(string email, CancellationToken cancellationToken);

    /// <summary>Every subscriber of every channel, ordered by id.</summary>
    Task<IReadOnlyList<Subscriber>> ListSubscribersAsync(CancellationToken cancellationToken);

    /// <summary>Sets a subscriber's status (and its confirmed or unsubscribed time). Returns false when no subscriber has that id.</summary>
    Task<bool> SetSubscriberStatusAsync(long id, SubscriberStatus status, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes a subscriber with their deliveries (and, for Discord, the stored webhook). Returns false when no subscriber has that id.</summary>
    Task<bool> RemoveSubscriberAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Frees the deliveries of publishers that died: a delivery being sent whose lease ended before
    /// <paramref name="now"/>, or whose claimant <paramref name="isClaimantGone"/> says is gone, goes back to pending when
    /// its message was never handed over in full, and becomes <see cref="DeliveryStatus.Interrupted"/> when it was.
    /// </summary>
    /// <returns>How many deliveries went back to pending and how many were interrupted.</returns>
    Task<(int Requeued, int Interrupted)> RecoverDeliveriesAsync(DateTimeOffset now, Func<string, bool> isClaimantGone, CancellationToken cancellationToken);

    /// <summary>
    /// True when some delivery is waiting to be sent at <paramref name="now"/>: pending and due, or being sent under a
    /// lease that ended (its publisher died). A cheap look, for instances that help with what others queued.
    /// </summary>
    Task<bool> HasDueDeliveriesAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Extends to <paramref name="until"/> the lease of every delivery <paramref name="claimant"/> is sending: a live
    /// publisher renews its claims while it works, so they end soon after it dies and never while it lives.
    /// </summary>
    /// <returns>How many claims were renewed.</returns>
    Task<int> RenewDeliveryClaimsAsync(string claimant, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the oldest pending delivery of <paramref name="channel"/> that is due at <paramref name="now"/>: it becomes
    /// <see cref="DeliveryStatus.Sending"/>, held by <paramref name="claimant"/> until now + <paramref name="lease"/>, its
    /// attempts counted. Atomic: two publishers never claim the same delivery. Null when none is due.
    /// </summary>
    Task<Delivery?> ClaimDeliveryAsync(DeliveryChannel channel, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the claimed delivery's message has been handed over in full (the server may deliver it from now on).
    /// Runs synchronously inside the send, so it is not async: it must be on disk before the message's last byte goes out.
    /// </summary>
    void MarkDeliveryCommitted(long id, DateTimeOffset now);

    /// <summary>
    /// Records how a claimed delivery ended and releases the claim; for email, a bounce adds a strike to the subscriber
    /// (pausing them at <see cref="Subscriber.BouncesBeforePause"/>) and a sent delivery clears the strikes, and
    /// <see cref="DeliveryOutcome.RetireReason"/> unsubscribes the subscriber with that reason, in the same transaction.
    /// </summary>
    Task CompleteDeliveryAsync(long id, DeliveryOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The parts of a delivery posted so far (see <see cref="SaveDeliveryPartAsync"/>), ordered by part.</summary>
    Task<IReadOnlyList<DeliveryPart>> ListDeliveryPartsAsync(long deliveryId, CancellationToken cancellationToken);

    /// <summary>
    /// Records that one part of a delivery was posted (once the server has answered with its id). Recording the same
    /// part again keeps the first record.
    /// </summary>
    Task SaveDeliveryPartAsync(DeliveryPart part, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a Discord subscriber (confirmed, labelled <paramref name="label"/>) with its webhook, in one transaction. A
    /// webhook already subscribed is returned unchanged when active; one that was retired or unsubscribed is brought
    /// back as confirmed with the webhook's details replaced.
    /// </summary>
    /// <returns>The subscriber and whether anything changed.</returns>
    Task<(Subscriber Subscriber, bool Changed)> AddDiscordWebhookAsync(DiscordWebhook webhook, string label, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The webhook of a Discord subscriber, token included (a secret: never show it), or null.</summary>
    Task<DiscordWebhook?> GetDiscordWebhookAsync(long subscriberId, CancellationToken cancellationToken);

    /// <summary>
    /// The Discord subscribers whose webhook posts to channel <paramref name="channelId"/> (or into a thread of it: the
    /// thread id counts too), active ones first, then newest first.
    /// </summary>
    Task<IReadOnlyList<Subscriber>> FindDiscordSubscribersByChannelAsync(string channelId, CancellationToken cancellationToken);

    /// <summary>Marks a Discord subscriber's channel as a forum (each issue opens a post), learnt from Discord's answer.</summary>
    Task SetDiscordForumAsync(long subscriberId, bool isForum, CancellationToken cancellationToken);

    /// <summary>Counts per status of every issue's deliveries, newest issue first.</summary>
    Task<IReadOnlyList<DeliveryTotals>> ListDeliveryTotalsAsync(CancellationToken cancellationToken);

    /// <summary>The deliveries of one issue, ordered by id.</summary>
    Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(int digestNumber, CancellationToken cancellationToken);
}
