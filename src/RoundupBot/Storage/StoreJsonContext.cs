using System.Text.Json.Serialization;
using RoundupBot.Model;

namespace RoundupBot.Storage;

/// <summary>Source-generated JSON for the list and selector columns, so storing an item costs no reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(HtmlSelectors))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
