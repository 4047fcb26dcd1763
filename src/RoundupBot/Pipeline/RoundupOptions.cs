namespace RoundupBot.Pipeline;

/// <summary>The weekly issue: its title, when it is published and what goes into it. Bound to the <c>Roundup</c> section.</summary>
public sealed class RoundupOptions
{
    public const string SectionName = "Roundup";

    /// <summary>The issue title; the number is appended ("… #5"). <value>Default "Some interesting things to start the week".</value></summary>
    public string Title { get; set; } = "Some interesting things to start the week";

    /// <summary>A Quartz cron expression (seconds first). <value>Default "0 0 8 ? * MON": Monday 08:00.</value></summary>
    public string Schedule { get; set; } = "0 0 8 ? * MON";

    /// <summary>IANA (or Windows) time zone id in which <see cref="Schedule"/> is read. <value>Default "UTC".</value></summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>At most this many days back from now go into an issue. <value>Default 7; 1 to 60.</value></summary>
    public int WindowDays { get; set; } = 7;

    /// <summary><value>Default 4.</value></summary>
    public int MinSections { get; set; } = 4;

    /// <summary><value>Default 7.</value></summary>
    public int MaxSections { get; set; } = 7;

    /// <summary>Items in the closing "Other interesting things to read this week" list. <value>Default 8.</value></summary>
    public int OtherReads { get; set; } = 8;

    /// <summary>
    /// Words or phrases (case-insensitive) that lift an item in the ranking when its title or summary contains them,
    /// such as "reasoning" or "protein folding". <value>Default none.</value>
    /// </summary>
    public List<string> Interests { get; set; } = [];

    /// <summary>
    /// A few sentences saying what the newsletter is about. Every item of the window is compared with it (MiniLM cosine
    /// similarity of the stored vectors): relevance is a factor of the score, and items below <see cref="MinRelevance"/>
    /// are in no section and no other reads. <value>Default none: no focus, every item is relevant (the shipped
    /// configuration sets one).</value>
    /// </summary>
    public string? Focus { get; set; }

    /// <summary>
    /// The cosine similarity to <see cref="Focus"/> below which an item is off the focus and left out of the issue.
    /// <value>Default 0.1; 0 to 0.9.</value>
    /// </summary>
    public double MinRelevance { get; set; } = 0.1;

    /// <summary>Public URL of the web pages, used in links and the fetcher's User-Agent. <value>Default none.</value></summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// True: every trigger (the weekly firing, <c>roundup run</c>, the admin's "Run roundup now", <c>/roundup now</c>)
    /// builds the issue as a draft for the editor, stored and sent to nobody, and tells <see cref="Editors"/>; it is
    /// published on approval (or at <see cref="ReviewDeadline"/>). <value>Default false: each issue is published at once.</value>
    /// </summary>
    public bool Review { get; set; }

    /// <summary>
    /// Who is told of a new draft: email addresses (through <c>Email:Smtp</c>) and Discord webhook URLs (secrets: they
    /// are never logged or printed). <value>Default none.</value>
    /// </summary>
    public List<string> Editors { get; set; } = [];

    /// <summary>
    /// With <see cref="Review"/>: how long after the build a draft nobody approved is published as it stands.
    /// <value>Default none: a draft waits for the editor.</value>
    /// </summary>
    public TimeSpan? ReviewDeadline { get; set; }
}
