using RoundupBot.Storage;

namespace RoundupBot.Tests.Storage;

public sealed class StorageOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(string provider, string? connectionString) =>
        new StorageOptionsValidator().Validate(null, new StorageOptions { Provider = provider, ConnectionString = connectionString }).Failures?.ToList() ?? [];

    [Theory]
    [InlineData("sqlite", null)]
    [InlineData("SQLite", "data/roundup.db")]
    [InlineData("postgres", "Host=db;Database=roundup;Username=roundup;Password=secret")]
    [InlineData(" Postgres ", "Host=db;Port=5433;Database=roundup;Username=roundup")]
    public void Accepts_each_provider_with_what_it_needs(string provider, string? connectionString) =>
        Assert.Empty(Failures(provider, connectionString));

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Postgres_needs_a_connection_string(string? connectionString) =>
        Assert.Equal(
            "Storage:ConnectionString is required when Storage:Provider is 'postgres': an Npgsql connection string such as " +
            "Host=db;Database=roundup;Username=roundup (give the password through ROUNDUP__Storage__ConnectionString).",
            Assert.Single(Failures("postgres", connectionString)));

    [Fact]
    public void Refuses_a_malformed_postgres_connection_string_without_quoting_it()
    {
        var failure = Assert.Single(Failures("postgres", "Host=db;Password=top;secret;Database=roundup"));

        Assert.StartsWith("Storage:ConnectionString is not a valid Npgsql connection string: expected Key=Value pairs", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("top", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_providers_it_knows() =>
        Assert.Equal("Storage:Provider must be 'sqlite' or 'postgres'; got 'mysql'.", Assert.Single(Failures("mysql", null)));
}
