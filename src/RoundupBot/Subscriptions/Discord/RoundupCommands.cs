namespace RoundupBot.Subscriptions.Discord;

/// <summary>
/// The <c>/roundup</c> slash command and its subcommands: what <c>roundup discord register-commands</c> registers and
/// what <see cref="InteractionHandler"/> answers. One top-level command keeps the app to one entry in Discord's command
/// list; who may use which subcommand is checked per interaction, since Discord's own gate
/// (<c>default_member_permissions</c>) applies to a command as a whole.
/// </summary>
public static class RoundupCommands
{
    public const string Name = "roundup";
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string Latest = "latest";
    public const string Now = "now";
    public const string Sources = "sources";
    public const string Draft = "draft";
    public const string Approve = "approve";

    /// <summary>The option of <c>latest</c> that asks for an earlier issue.</summary>
    public const string NumberOption = "number";

    /// <summary>The commands, as registered.</summary>
    public static IReadOnlyList<ApplicationCommand> Definitions { get; } =
    [
        new(Name, "The weekly research roundup: subscribe this channel, read the latest issue, run it now",
        [
            new(ApplicationCommandOption.SubcommandType, Subscribe, "Post every new issue in this channel (needs Manage Webhooks or Manage Server)"),
            new(ApplicationCommandOption.SubcommandType, Unsubscribe, "Stop posting issues in this channel (needs Manage Webhooks or Manage Server)"),
            new(ApplicationCommandOption.SubcommandType, Latest, "A link to the latest issue and its sections")
            {
                Options =
                [
                    new(ApplicationCommandOption.IntegerType, NumberOption, "An earlier issue's number instead of the latest") { Required = false, MinValue = 1 },
                ],
            },
            new(ApplicationCommandOption.SubcommandType, Now, "Fetch, build and publish an issue now (for the people who run this RoundupBot)"),
            new(ApplicationCommandOption.SubcommandType, Sources, "The sources the roundup reads, with their status"),
            new(ApplicationCommandOption.SubcommandType, Draft, "The issue waiting for review: title, sections, editor link (for the people who run this RoundupBot)"),
            new(ApplicationCommandOption.SubcommandType, Approve, "Publish the issue waiting for review (for the people who run this RoundupBot)"),
        ]),
    ];
}
