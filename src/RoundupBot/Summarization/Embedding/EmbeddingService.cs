using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RoundupBot.Model;
using RoundupBot.Storage;

namespace RoundupBot.Summarization.Embedding;

/// <summary>
/// Gives every item its sentence vector, computed once per item content and kept in the store: vectors stored for an
/// item's current <see cref="Item.ContentHash"/> (and this <see cref="CacheModel"/>) are reused; the rest are embedded
/// from <see cref="EmbeddingText.For(Item)"/> in chunks, each chunk saved as soon as it is done, so a cancelled run
/// keeps what it finished. Thread-safe.
/// </summary>
public sealed class EmbeddingService(IRoundupStore store, ITextEmbedder embedder, ILogger<EmbeddingService> logger)
{
    /// <summary>Items embedded and saved per step, between progress reports. <value>256</value></summary>
    public const int ChunkSize = 256;

    /// <summary>What is stored as the vectors' model: the embedder's model and the <see cref="EmbeddingText.Version"/>.</summary>
    public string CacheModel { get; } = $"{embedder.Model};text={EmbeddingText.Version}";

    /// <summary>The unit-length vector of one text that is not an item (<c>Roundup:Focus</c>); computed each time, never stored.</summary>
    public async Task<float[]> EmbedTextAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return (await Task.Run(() => embedder.Embed([text], cancellationToken), cancellationToken))[0];
    }

    /// <summary>
    /// The vector of each of <paramref name="items"/>, keyed by item id (each is unit length, of the embedder's
    /// dimensions). Items must be stored ones (id above 0); an id given twice is embedded once.
    /// </summary>
    /// <param name="items">Stored items.</param>
    /// <param name="progress">Told how many of the distinct items have a vector: once after the store was read, then after each chunk.</param>
    /// <param name="cancellationToken">Stops between and within chunks; chunks already saved stay saved.</param>
    /// <exception cref="ArgumentException">An item has no id.</exception>
    /// <exception cref="StoreException">The store failed.</exception>
    public async Task<IReadOnlyDictionary<long, float[]>> EmbedAsync(
        IReadOnlyList<Item> items, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var started = Stopwatch.GetTimestamp();
        var distinct = new List<Item>(items.Count);
        var seen = new HashSet<long>();
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
            if (item.Id <= 0)
            {
                throw new ArgumentException($"Item \"{item.Title}\" has no id; only stored items can be embedded.", nameof(items));
            }

            if (seen.Add(item.Id))
            {
                distinct.Add(item);
            }
        }

        var cached = await store.GetEmbeddingsAsync(distinct, CacheModel, cancellationToken);
        var vectors = new Dictionary<long, float[]>(distinct.Count);
        var missing = new List<Item>();
        foreach (var item in distinct)
        {
            // A vector of the wrong length cannot come from this model; embedding it again repairs the row.
            if (cached.TryGetValue(item.Id, out var vector) && vector.Length == embedder.Dimensions)
            {
                vectors[item.Id] = vector;
            }
            else
            {
                missing.Add(item);
            }
        }

        var cachedCount = vectors.Count;
        progress?.Report(vectors.Count);
        foreach (var chunk in missing.Chunk(ChunkSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var texts = Array.ConvertAll(chunk, EmbeddingText.For);
            // Minutes of CPU for a big backlog: keep it off the caller's thread, which may be a host's.
            var computed = await Task.Run(() => embedder.Embed(texts, cancellationToken), cancellationToken);
            var rows = new (long ItemId, string ContentHash, float[] Vector)[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                rows[i] = (chunk[i].Id, chunk[i].ContentHash, computed[i]);
                vectors[chunk[i].Id] = computed[i];
            }

            await store.SaveEmbeddingsAsync(rows, CacheModel, cancellationToken);
            progress?.Report(vectors.Count);
        }

        var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Log.Embedded(logger, distinct.Count, CacheModel, cachedCount, missing.Count, elapsedMs);
        return vectors;
    }
}
