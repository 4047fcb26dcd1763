namespace RoundupBot.Configuration;

/// <summary>The configuration is unreadable or wrong. The message names the file or key and what is expected; the CLI exits with 2.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException() { }

    public ConfigurationException(string message) : base(message) { }

    public ConfigurationException(string message, Exception innerException) : base(message, innerException) { }
}
