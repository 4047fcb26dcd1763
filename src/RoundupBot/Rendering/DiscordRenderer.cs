using System.Globalization;
using System.Text;
using RoundupBot.Model;
using RoundupBot.Publishing.Discord;

namespace RoundupBot.Rendering;

/// <summary>
/// The issue as Discord webhook messages, in posting order (also written as <c>discord.json</c>): a header (title,
/// period, intro and the "In today's edition" list), one embed per section (emoji and title, the summary with every
/// sentence linked to the item it cites, the section's colour, the items under "Read"), the other reads, and a footer
/// message linking the issue on the web.
/// </summary>
/// <remarks>
/// Every documented limit holds (<see cref="DiscordLimits"/>): what does not fit is split over more embeds or messages,
/// at a sentence end or a space, never inside a word, a link or an escape; a section too long for one embed continues
/// in the next one, same colour, without a title. Every message carries <c>allowed_mentions: {"parse": []}</c> and all
/// feed text is escaped (<see cref="DiscordMarkdown.Escape"/>), so a title with <c>@everyone</c>, a role mention or
/// Markdown renders literally and pings nobody. A link Discord would refuse (not http(s), or longer than 2,048
/// characters even without its query) is left out and its text shown plainly. Optional texts and URLs are null,
/// never empty.
/// </remarks>
public static class DiscordRenderer
{
    /// <summary>The name of the field that lists a section's items.</summary>
    public const string ReadFieldName = "Read";

    private const string ReadMoreFieldName = "Read (more)";

    // One colour per section, in order, cycling: Discord's blurple, green, yellow, fuchsia, red, teal, orange, purple.
    private static readonly int[] Palette = [0x5865F2, 0x57F287, 0xFEE75C, 0xEB459E, 0xED4245, 0x1ABC9C, 0xE67E22, 0x9B59B6];
    private const int OtherReadsColor = 0x99AAB5;

    /// <summary>Coverage links shown with one item at most: the embeds hold many items and share 6,000 characters.</summary>
    private const int MaxRelatedLinks = 3;

    /// <summary>Renders <paramref name="digest"/> as webhook request bodies, in posting order.</summary>
    /// <param name="digest">The issue.</param>
    /// <param name="archiveUrl">
    /// The issue on the web (<c>Roundup:BaseUrl</c> + <c>/digests/N</c>); null, or a URL that is not absolute http(s),
    /// leaves the footer message out.
    /// </param>
    /// <param name="options">
    /// <see cref="DiscordOptions.Username"/> and <see cref="DiscordOptions.AvatarUrl"/> go on every message when set
    /// (and valid); null uses the webhook's own name and avatar.
    /// </param>
    /// <exception cref="ArgumentNullException">When <paramref name="digest"/> is null.</exception>
    public static IReadOnlyList<DiscordWebhookMessage> Render(Digest digest, string? archiveUrl, DiscordOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(digest);
        digest = DigestText.Readable(digest);
        var messages = new List<DiscordWebhookMessage>();
        messages.AddRange(Header(digest).Select(content => new DiscordWebhookMessage { Content = content }));

        var packer = new MessagePacker();
        for (var i = 0; i < digest.Sections.Count; i++)
        {
            AddSection(packer, digest.Sections[i], Palette[i % Palette.Length]);
        }

        AddOtherReads(packer, digest.OtherReads);
        messages.AddRange(packer.Messages().Select(batch => new DiscordWebhookMessage { Embeds = batch }));

        if (DiscordMarkdown.SafeUrl(archiveUrl) is { } url)
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"Read issue #{digest.Number} on the web");
            // Angle brackets keep Discord from unfurling the page into a preview card under the link.
            messages.Add(new DiscordWebhookMessage { Content = $"📚 [{label}](<{url}>)" });
        }

        var username = Username(options?.Username);
        var avatarUrl = DiscordMarkdown.SafeUrl(options?.AvatarUrl);
        return messages.Select(m => m with { Username = username, AvatarUrl = avatarUrl }).ToList();
    }

    /// <summary>
    /// The name of the post a forum channel gets for this issue: its title, cut to
    /// <see cref="DiscordLimits.ThreadNameLength"/> characters at a word boundary. Forum post names are plain text.
    /// </summary>
    public static string ThreadName(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var title = string.Concat(digest.Title.Select(c => char.IsControl(c) ? ' ' : c));
        var name = DiscordMarkdown.Truncate(title, DiscordLimits.ThreadNameLength);
        return name.Length > 0 ? name : string.Create(CultureInfo.InvariantCulture, $"Issue #{digest.Number}");
    }

    /// <summary>The header's content, one string per message: split between lines, a long line between words.</summary>
    private static List<string> Header(Digest digest)
    {
        var lines = new List<string>
        {
            "# " + DiscordMarkdown.Escape(DiscordMarkdown.Truncate(digest.Title, DiscordLimits.TitleLength)),
            "*" + DigestText.Period(digest) + "*",
        };
        foreach (var paragraph in DigestText.NoteParagraphs(digest))
        {
            lines.Add("");
            lines.AddRange(DiscordMarkdown.Split(DiscordMarkdown.Escape(paragraph), DiscordLimits.ContentLength));
        }

        if (!string.IsNullOrWhiteSpace(digest.Intro))
        {
            lines.Add("");
            lines.AddRange(DiscordMarkdown.Split(DiscordMarkdown.Escape(digest.Intro), DiscordLimits.ContentLength));
        }

        if (digest.Sections.Count > 0)
        {
            lines.Add("");
            lines.Add("**" + DigestText.InTodaysEdition + "**");
            foreach (var section in digest.Sections)
            {
                lines.Add("- " + Heading(section, DiscordLimits.TitleLength));
            }
        }

        var contents = new List<string>();
        var current = new StringBuilder();
        foreach (var line in lines)
        {
            if (current.Length > 0 && current.Length + 1 + line.Length > DiscordLimits.ContentLength)
            {
                contents.Add(current.ToString().Trim());
                current.Clear();
            }

            current.Append(current.Length > 0 ? "\n" : "").Append(line);
        }

        contents.Add(current.ToString().Trim());
        return contents.Where(c => c.Length > 0).ToList();
    }

    /// <summary>"💾 Small language models", escaped, cut to <paramref name="max"/> characters.</summary>
    private static string Heading(Section section, int max)
    {
        var emoji = DiscordMarkdown.Emoji(section.Emoji);
        var prefix = emoji.Length > 0 ? emoji + " " : "";
        // Cut before escaping (escapes must stay whole), then cut again in the rare case escapes made it too long.
        var title = DiscordMarkdown.Escape(DiscordMarkdown.Truncate(section.Title, Math.Max(8, max - prefix.Length)));
        var heading = (prefix + title).Trim();
        return heading.Length <= max ? heading : DiscordMarkdown.Split(heading, max - 1)[0] + DiscordMarkdown.Ellipsis;
    }

    private static void AddSection(MessagePacker packer, Section section, int color)
    {
        var title = Heading(section, DiscordLimits.TitleLength);
        var pieces = section.Sentences.SelectMany(sentence => SentencePieces(section, sentence)).ToList();
        var lines = section.Items.Select(ItemLine).ToList();
        var builder = new EmbedBuilder(packer, title.Length > 0 ? title : null, color);
        builder.Start(title.Length + pieces.Sum(p => p.Length + 1) + ReadFieldName.Length + lines.Sum(l => l.Length + 1));
        foreach (var piece in pieces)
        {
            builder.AddToDescription(piece);
        }

        foreach (var line in lines)
        {
            builder.AddToField(line);
        }

        builder.Finish();
    }

    /// <summary>
    /// A sentence with the words that name an item linked to it, or, when it names nothing, followed by its citation,
    /// "Text ([Source](url))"; in pieces that each fit a description; the link
    /// stays whole and on the last piece.
    /// </summary>
    private static List<string> SentencePieces(Section section, Sentence sentence)
    {
        var text = string.Concat(DigestText.Pieces(section, sentence).Select(p =>
            p.Item is null ? DiscordMarkdown.Escape(p.Text) : DiscordMarkdown.Link(p.Text, p.Item.Link, maxTextLength: 100)));
        var cited = DigestText.Citation(section, sentence);
        var citation = cited is null ? "" : " (" + DiscordMarkdown.Link(cited.Source ?? "source", cited.Link, maxTextLength: 100) + ")";
        if (text.Length == 0)
        {
            return citation.Length == 0 ? [] : [citation.Trim()];
        }

        var pieces = DiscordMarkdown.Split(text, DiscordLimits.DescriptionLength).ToList();
        if (pieces[^1].Length + citation.Length <= DiscordLimits.DescriptionLength)
        {
            pieces[^1] += citation;
        }
        else if (citation.Length > 0)
        {
            pieces.Add(citation.Trim());
        }

        return pieces;
    }

    /// <summary>"[Title](url)" for a field, or the escaped title alone when title and URL together exceed a field value.</summary>
    private static string ItemLine(DigestItem item)
    {
        var line = "• " + DiscordMarkdown.Link(item.Title, item.Link);
        if (line.Length > DiscordLimits.FieldValueLength)
        {
            return "• " + DiscordMarkdown.Escape(DiscordMarkdown.Truncate(item.Title, 200));
        }

        var discussed = Discussed(item);
        return line.Length + discussed.Length <= DiscordLimits.FieldValueLength ? line + discussed : line;
    }

    /// <summary>
    /// " — discussed in [Source](link), …": a story's other coverage, named by source to stay short (at most
    /// <see cref="MaxRelatedLinks"/> links); empty when the item has none.
    /// </summary>
    private static string Discussed(DigestItem item)
    {
        if (item.Related is not { Count: > 0 } related)
        {
            return "";
        }

        var links = related.Take(MaxRelatedLinks).Select(r => DiscordMarkdown.Link(r.Source, r.Link, maxTextLength: 60));
        return " — discussed in " + string.Join(", ", links);
    }

    private static void AddOtherReads(MessagePacker packer, IReadOnlyList<DigestItem> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        var lines = items.Select(item =>
        {
            var line = "• " + DiscordMarkdown.Link(item.Title, item.Link);
            line = string.IsNullOrWhiteSpace(item.Description)
                ? line
                : line + " — " + DiscordMarkdown.Escape(DiscordMarkdown.Truncate(item.Description, 300));
            var discussed = Discussed(item);
            return line.Length + discussed.Length <= DiscordLimits.FieldValueLength ? line + discussed : line;
        }).ToList();
        var title = "📖 " + DigestText.OtherReadsHeading;
        var builder = new EmbedBuilder(packer, title, OtherReadsColor);
        builder.Start(title.Length + lines.Sum(l => l.Length + 1));
        foreach (var line in lines)
        {
            builder.AddLine(line);
        }

        builder.Finish();
    }

    /// <summary>
    /// The configured name when Discord would accept it (1–80 characters, without "discord" or "clyde"), else null:
    /// the webhook's own name. <see cref="DiscordOptionsValidator"/> reports a bad one at start-up.
    /// </summary>
    private static string? Username(string? username)
    {
        var trimmed = username?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > DiscordLimits.UsernameLength || DiscordOptionsValidator.HasReservedName(trimmed)
            ? null
            : trimmed;
    }

    /// <summary>
    /// Groups embeds into messages, in order, within 10 embeds and 6,000 characters a message. Embeds are cut to the
    /// room left in the current message (see <see cref="EmbedBuilder"/>), so a long section fills a message instead of
    /// leaving most of it empty: fewer messages, fewer requests against the rate limits.
    /// </summary>
    private sealed class MessagePacker
    {
        /// <summary>A section starts in a partly filled message only with at least this much room (or all it needs).</summary>
        private const int MinimumStartRoom = 1500;

        private readonly List<IReadOnlyList<DiscordEmbed>> _messages = [];
        private List<DiscordEmbed> _current = [];
        private int _used;

        /// <summary>Characters the next embed may have and still go into the current message; 0 when it holds 10 embeds.</summary>
        public int Room => _current.Count == DiscordLimits.EmbedsPerMessage ? 0 : DiscordLimits.EmbedsTotalLength - _used;

        /// <summary>Starts a new message unless the current one has room for <paramref name="length"/>, or a fair part of it.</summary>
        public void Reserve(int length)
        {
            if (Room < Math.Min(length, MinimumStartRoom))
            {
                NewMessage();
            }
        }

        public void NewMessage()
        {
            if (_current.Count > 0)
            {
                _messages.Add(_current);
                _current = [];
                _used = 0;
            }
        }

        public void Add(DiscordEmbed embed)
        {
            var size = embed.CountCharacters();
            if (size > Room)
            {
                NewMessage();
            }

            _current.Add(embed);
            _used += size;
        }

        public List<IReadOnlyList<DiscordEmbed>> Messages()
        {
            NewMessage();
            return _messages;
        }
    }

    /// <summary>
    /// Fills embeds for one section in order: description pieces, then field lines. Whenever the next piece would break
    /// a limit of the embed or overflow the current message, the embed so far goes into the message and a continuation
    /// (same colour, no title) starts, in the next message when this one is full. Every piece fits an empty embed.
    /// </summary>
    private sealed class EmbedBuilder(MessagePacker packer, string? title, int color)
    {
        private readonly StringBuilder _description = new();
        private readonly List<DiscordEmbedField> _fields = [];
        private readonly StringBuilder _fieldValue = new();
        private string? _title = title;
        private string _fieldName = ReadFieldName;
        private bool _namedRead;

        /// <summary>Title, description, finished fields and the open field: what Discord will count.</summary>
        private int Length =>
            (_title?.Length ?? 0) + _description.Length + _fields.Sum(f => f.Name.Length + f.Value.Length)
            + (_fieldValue.Length > 0 ? _fieldName.Length + _fieldValue.Length : 0);

        private bool HasBody => _description.Length > 0 || _fields.Count > 0 || _fieldValue.Length > 0;

        /// <summary>Begins the section: in the current message when it has room for <paramref name="length"/> characters, or a fair part.</summary>
        public void Start(int length) => packer.Reserve(length);

        /// <summary>Adds a sentence piece to the description, joined by a space.</summary>
        public void AddToDescription(string piece) => Add(piece, " ");

        /// <summary>Adds a line to the description (the other reads).</summary>
        public void AddLine(string line) => Add(line, "\n");

        /// <summary>Puts the last embed of the section into its message.</summary>
        public void Finish() => Flush();

        /// <summary>Adds a line to the "Read" field, opening another field (or embed) when it would not fit.</summary>
        public void AddToField(string line)
        {
            if (_fieldValue.Length > 0
                && _fieldValue.Length + 1 + line.Length <= DiscordLimits.FieldValueLength
                && Length + 1 + line.Length <= packer.Room)
            {
                _fieldValue.Append('\n').Append(line);
                return;
            }

            CloseField();
            var name = _namedRead ? ReadMoreFieldName : ReadFieldName;
            if (_fields.Count == DiscordLimits.FieldsPerEmbed || Length + name.Length + line.Length > packer.Room)
            {
                Break(name.Length + line.Length);
            }

            _fieldName = name;
            _namedRead = true;
            _fieldValue.Append(line);
        }

        private void Add(string piece, string separator)
        {
            var joiner = _description.Length > 0 ? separator : "";
            // Fields come after the description; once one is open, more description belongs in a new embed.
            if (_fields.Count > 0 || _fieldValue.Length > 0
                || _description.Length + joiner.Length + piece.Length > DiscordLimits.DescriptionLength
                || Length + joiner.Length + piece.Length > packer.Room)
            {
                Break(piece.Length);
                joiner = "";
            }

            _description.Append(joiner).Append(piece);
        }

        /// <summary>Puts what the embed has into the message, and moves to a new message unless the next <paramref name="next"/> characters fit.</summary>
        private void Break(int next)
        {
            if (HasBody)
            {
                Flush();
            }

            // A title alone never becomes an embed: it moves on with the first piece.
            if ((_title?.Length ?? 0) + next > packer.Room)
            {
                packer.NewMessage();
            }
        }

        private void CloseField()
        {
            if (_fieldValue.Length > 0)
            {
                _fields.Add(new DiscordEmbedField(_fieldName, _fieldValue.ToString()));
                _fieldValue.Clear();
            }
        }

        private void Flush()
        {
            CloseField();
            if (_title is not null || _description.Length > 0 || _fields.Count > 0)
            {
                packer.Add(new DiscordEmbed
                {
                    Title = _title,
                    Description = _description.Length > 0 ? _description.ToString() : null,
                    Color = color,
                    Fields = _fields.Count > 0 ? [.. _fields] : null,
                });
            }

            _title = null;
            _description.Clear();
            _fields.Clear();
        }
    }
}
