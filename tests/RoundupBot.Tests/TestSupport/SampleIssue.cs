using RoundupBot.Model;
using RoundupBot.Rendering;

namespace RoundupBot.Tests.TestSupport;

/// <summary>
/// A realistic seven-section issue, as the embedded engine writes one: emoji headings, a few sentences per section each
/// citing an arXiv paper or a research blog post, and the other reads. The spam-score and browser tests use it, so
/// what they judge looks like what subscribers receive, not a few placeholder words.
/// </summary>
public static class SampleIssue
{
    /// <summary>The footer of one real delivery: the web link and a signed https unsubscribe link.</summary>
    public static readonly EmailLinks Links = new(
        "https://roundup.example.org/digests/12",
        "https://roundup.example.org/unsubscribe?token=Mzc.MTc2NzU5NjQwMA.q8Xo3wRr1m2hT0bQ4kU9eA",
        "You receive this because you subscribed to the weekly research roundup at roundup.example.org.");

    private static readonly (string Emoji, string Title, (string Title, string Link, string Source)[] Items, string[] Sentences)[] Sections =
    [
        ("💾", "Small language models, and the world is running out of data",
            [
                ("SmolLM3: smol, multilingual, long-context reasoner", "https://huggingface.co/blog/smollm3", "Hugging Face"),
                ("Scaling Data-Constrained Language Models", "https://arxiv.org/abs/2305.16264", "arXiv cs.CL"),
                ("Will we run out of data? Limits of LLM scaling based on human-generated data", "https://arxiv.org/abs/2211.04325", "arXiv cs.LG"),
            ],
            [
                "A three-billion-parameter model trained on eleven trillion tokens now matches models twice its size on reasoning benchmarks; the training recipe is at https://github.com/huggingface/smollm/tree/main/text/pretraining.",
                "Repeating the same data for up to four epochs costs almost nothing compared with fresh tokens, which softens the data wall.",
                "Projections put the stock of public human text at around three hundred trillion tokens, exhausted somewhere between 2026 and 2032.",
            ]),
        ("👑", "A new leader on the reasoning benchmarks",
            [
                ("Gemini 2.5: Our most intelligent AI model", "https://blog.google/technology/google-deepmind/gemini-model-thinking-updates-march-2025/", "Google DeepMind"),
                ("Humanity's Last Exam", "https://arxiv.org/abs/2501.14249", "arXiv cs.AI"),
                ("MMLU-Pro: A More Robust and Challenging Multi-Task Language Understanding Benchmark", "https://arxiv.org/abs/2406.01574", "arXiv cs.CL"),
            ],
            [
                "The new model tops the public leaderboards for mathematics and science questions without majority voting.",
                "A benchmark of expert-written questions still leaves every frontier model below a third of the answers.",
                "Harder multiple-choice variants with ten options lower scores by sixteen to thirty-three points and reduce prompt sensitivity.",
            ]),
        ("🐞", "Hallucination: a bug or a feature?",
            [
                ("Why language models hallucinate", "https://openai.com/index/why-language-models-hallucinate/", "OpenAI"),
                ("Detecting hallucinations in large language models using semantic entropy", "https://www.nature.com/articles/s41586-024-07421-0", "Nature"),
                ("Calibrated Language Models Must Hallucinate", "https://arxiv.org/abs/2311.14648", "arXiv cs.CL"),
            ],
            [
                "Training and evaluation reward guessing over admitting uncertainty, so models learn to bluff.",
                "Measuring the entropy of meanings rather than of word sequences flags confabulated answers across several datasets.",
                "A statistical lower bound shows that a calibrated model must invent some facts that appear only once in its training data.",
            ]),
        ("🔬", "Interpretability grows up",
            [
                ("On the Biology of a Large Language Model", "https://transformer-circuits.pub/2025/attribution-graphs/biology.html", "Transformer Circuits"),
                ("Sparse Autoencoders Find Highly Interpretable Features in Language Models", "https://arxiv.org/abs/2309.08600", "arXiv cs.LG"),
                ("Gemma Scope: helping the safety community shed light on the inner workings of language models", "https://deepmind.google/discover/blog/gemma-scope-helping-the-safety-community-shed-light-on-the-inner-workings-of-language-models/", "Google DeepMind"),
            ],
            [
                "Attribution graphs trace how a model plans a rhyme several words before it writes it.",
                "Dictionary learning recovers features that are more monosemantic than individual neurons.",
                "An open suite of sparse autoencoders covers every layer of two open models, so outside researchers can run the same analyses.",
            ]),
        ("🤖", "Agents that use computers",
            [
                ("OSWorld: Benchmarking Multimodal Agents for Open-Ended Tasks in Real Computer Environments", "https://arxiv.org/abs/2404.07972", "arXiv cs.AI"),
                ("SWE-bench: Can Language Models Resolve Real-World GitHub Issues?", "https://arxiv.org/abs/2310.06770", "arXiv cs.CL"),
                ("Building effective agents", "https://www.anthropic.com/engineering/building-effective-agents", "Anthropic"),
            ],
            [
                "Agents complete barely more than a third of everyday desktop tasks that people finish nine times out of ten.",
                "Resolving real repository issues remains hard, although scores have climbed quickly over the past year.",
                "Simple, composable patterns such as routing and orchestrator-workers beat heavy frameworks in production.",
            ]),
        ("⚡", "Cheaper inference",
            [
                ("FlashAttention-3: Fast and Accurate Attention with Asynchrony and Low-precision", "https://arxiv.org/abs/2407.08608", "arXiv cs.LG"),
                ("Fast Inference from Transformers via Speculative Decoding", "https://arxiv.org/abs/2211.17192", "arXiv cs.LG"),
                ("Efficient Memory Management for Large Language Model Serving with PagedAttention", "https://arxiv.org/abs/2309.06180", "arXiv cs.LG"),
            ],
            [
                "Overlapping matrix multiplication and softmax reaches three quarters of the theoretical peak on the newest GPUs.",
                "A small draft model proposes tokens that the large model verifies in parallel, doubling throughput with identical outputs.",
                "Paging the key-value cache like virtual memory cuts fragmentation and lets a server batch more requests.",
            ]),
        ("🧬", "Models for biology",
            [
                ("Accurate structure prediction of biomolecular interactions with AlphaFold 3", "https://www.nature.com/articles/s41586-024-07487-w", "Nature"),
                ("Evo 2: genome modeling and design across all domains of life", "https://arcinstitute.org/news/blog/evo2", "Arc Institute"),
                ("Simulating 500 million years of evolution with a language model", "https://www.biorxiv.org/content/10.1101/2024.07.01.600583v1", "bioRxiv"),
            ],
            [
                "Predicting how proteins bind to DNA, RNA and small molecules improves markedly over specialised docking tools.",
                "A genome model trained on nearly nine trillion base pairs predicts the effect of mutations without task-specific training.",
                "A protein language model designed a fluorescent protein far from any known one in sequence space.",
            ]),
    ];

    private static readonly (string Title, string Link, string Description)[] OtherReads =
    [
        ("The Bitter Lesson", "http://www.incompleteideas.net/IncIdeas/BitterLesson.html", "general methods that use computation win in the long run"),
        ("What is the Chinchilla scaling law, and does it still hold?", "https://www.technologyreview.com/topic/artificial-intelligence/", "a short explainer for colleagues outside the field"),
        ("Attention Is All You Need", "https://arxiv.org/abs/1706.03762", "the paper behind nearly every model in this issue"),
        ("The hardest problem in mathematics research is finding the right question", "https://www.quantamagazine.org/tag/artificial-intelligence/", "an essay on where automated provers help"),
    ];

    /// <summary>Issue #12, seven sections of three items and three sentences each, and four other reads.</summary>
    public static Digest Create()
    {
        var id = 0L;
        var sections = new List<Section>();
        foreach (var (emoji, title, items, sentences) in Sections)
        {
            var digestItems = items.Select(i => new DigestItem { Id = ++id, Title = i.Title, Link = i.Link, Source = i.Source }).ToList();
            sections.Add(new Section
            {
                Emoji = emoji,
                Title = title,
                Items = digestItems,
                Sentences = [.. sentences.Select((s, n) => new Sentence(s, [digestItems[n].Id]))],
            });
        }

        return new Digest
        {
            Number = 12,
            Title = "Some interesting things to start the week #12",
            PeriodStart = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 1, 12, 8, 0, 0, TimeSpan.Zero),
            Intro = "Welcome to issue #12: small models trained on repeated data, a new leader on the reasoning benchmarks, and why language models hallucinate. Seven themes from 24 papers and posts this week.",
            Sections = sections,
            OtherReads = [.. OtherReads.Select(o => new DigestItem { Id = ++id, Title = o.Title, Link = o.Link, Description = o.Description })],
            Run = new DigestRun { Engine = "embedded" },
        };
    }
}
