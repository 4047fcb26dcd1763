namespace RoundupBot.Ingestion.Parsing;

/// <summary>What the first bytes of a document say it is.</summary>
internal enum DocumentFormat
{
    Text,
    Json,
    OtherJson,
    XmlFeed,
    OtherXml,
    Html,
}
