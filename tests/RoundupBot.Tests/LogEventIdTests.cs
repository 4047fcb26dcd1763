using System.Reflection;
using Microsoft.Extensions.Logging;

namespace RoundupBot.Tests;

/// <summary>
/// One range of log event ids per area, so an id names one event wherever a log is read. Every <c>[LoggerMessage]</c>
/// method of the program is found by reflection; the table below is the one in the README's Development section.
/// </summary>
public sealed class LogEventIdTests
{
    /// <summary>Each area (the namespace of its <c>Log</c> class) and its ids, first to last.</summary>
    private static readonly Dictionary<string, (int First, int Last)> Ranges = new(StringComparer.Ordinal)
    {
        ["RoundupBot.Pipeline"] = (1000, 1099),
        ["RoundupBot.Ingestion.Fetching"] = (1100, 1199),
        ["RoundupBot.Scheduling"] = (2000, 2099),
        ["RoundupBot.Summarization.Embedding"] = (3100, 3199),
        ["RoundupBot.Summarization.Llm"] = (3200, 3299),
        ["RoundupBot.Publishing.Outbox"] = (4000, 4099),
        ["RoundupBot.Publishing.Email"] = (4100, 4199),
        ["RoundupBot.Publishing.Discord"] = (4200, 4299),
        ["RoundupBot.Subscriptions.Email"] = (5100, 5199),
        ["RoundupBot.Subscriptions.Discord"] = (5200, 5299),
        ["RoundupBot.Web"] = (6000, 6099),
        ["RoundupBot.Editing"] = (7000, 7099),
    };

    private static readonly string[] NamedArguments = ["EventId", "Level", "Message"];

    [Fact]
    public void Every_log_event_id_of_the_program_is_unique_and_in_its_areas_range()
    {
        var events = LogEvents(typeof(DataDirectory).Assembly);

        var problems = Problems(events.Select(e => (e.Namespace, e.Name, e.Attribute.EventId)));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_area_in_the_table_logs_so_the_table_matches_the_code()
    {
        var areas = LogEvents(typeof(DataDirectory).Assembly).Select(e => AreaOf(e.Namespace)).ToHashSet();

        Assert.All(Ranges.Keys, area => Assert.Contains(area, areas));
    }

    [Fact]
    public void Every_log_message_is_declared_in_the_named_style_with_id_level_and_message()
    {
        var positional = LogEvents(typeof(DataDirectory).Assembly)
            .Where(e => e.Data.ConstructorArguments.Count > 0
                || !NamedArguments.All(n => e.Data.NamedArguments.Any(a => a.MemberName == n)))
            .Select(e => e.Name)
            .ToList();

        Assert.True(positional.Count == 0, "Positional [LoggerMessage(id, level, message)]: " + string.Join(", ", positional));
    }

    [Fact]
    public void The_check_names_an_id_used_twice_an_id_outside_its_range_and_an_area_without_a_range()
    {
        var problems = Problems(
        [
            ("RoundupBot.Pipeline", "RoundupBot.Pipeline.Log.SourceFetched", 1001),
            ("RoundupBot.Web", "RoundupBot.Web.Log.AdminSignedIn", 1001),
            ("RoundupBot.Scheduling", "RoundupBot.Scheduling.Log.TriggerAdded", 100),
            ("RoundupBot.Storage", "RoundupBot.Storage.Log.Migrated", 7000),
        ]);

        Assert.Equal(4, problems.Count);
        Assert.Contains("Event id 1001 is used by RoundupBot.Pipeline.Log.SourceFetched and RoundupBot.Web.Log.AdminSignedIn", problems);
        Assert.Contains("RoundupBot.Web.Log.AdminSignedIn has event id 1001, outside RoundupBot.Web's range 6000-6099", problems);
        Assert.Contains("RoundupBot.Scheduling.Log.TriggerAdded has event id 100, outside RoundupBot.Scheduling's range 2000-2099", problems);
        Assert.Contains("RoundupBot.Storage.Log.Migrated is in RoundupBot.Storage, which has no range of event ids: give it a free hundred in this table and the README's", problems);
    }

    private static List<string> Problems(IEnumerable<(string Namespace, string Name, int Id)> events)
    {
        var list = events.ToList();
        var problems = list
            .GroupBy(e => e.Id)
            .Where(g => g.Count() > 1)
            .Select(g => $"Event id {g.Key} is used by {string.Join(" and ", g.Select(e => e.Name))}")
            .ToList();
        foreach (var (ns, name, id) in list)
        {
            var area = AreaOf(ns);
            if (area is null)
            {
                problems.Add($"{name} is in {ns}, which has no range of event ids: give it a free hundred in this table and the README's");
            }
            else
            {
                var (first, last) = Ranges[area];
                if (id < first || id > last)
                {
                    problems.Add($"{name} has event id {id}, outside {area}'s range {first}-{last}");
                }
            }
        }

        return problems;
    }

    /// <summary>The table's area a namespace belongs to: itself, or the nearest enclosing one listed.</summary>
    private static string? AreaOf(string ns) =>
        Ranges.Keys.Where(area => ns == area || ns.StartsWith(area + ".", StringComparison.Ordinal)).MaxBy(area => area.Length);

    private static List<(string Namespace, string Name, LoggerMessageAttribute Attribute, CustomAttributeData Data)> LogEvents(Assembly assembly)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var events = (
            from type in assembly.GetTypes()
            from method in type.GetMethods(All)
            let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
            where attribute is not null
            select (type.Namespace ?? "", $"{type.FullName}.{method.Name}", attribute,
                method.CustomAttributes.Single(a => a.AttributeType == typeof(LoggerMessageAttribute)))).ToList();
        // Reflection that found nothing would pass every check above.
        Assert.True(events.Count >= 50, $"found only {events.Count} [LoggerMessage] methods in {assembly.GetName().Name}");
        return events;
    }
}
