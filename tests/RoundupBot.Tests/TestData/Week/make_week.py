#!/usr/bin/env python3
"""Writes the fixture week (see README.md): arXiv listings, blog and news feeds, Hugging Face and Hacker News answers."""
import json, os
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
DAYS = ["Tue, 09 Jan 2024", "Wed, 10 Jan 2024", "Thu, 11 Jan 2024", "Fri, 12 Jan 2024", "Mon, 15 Jan 2024"]

# (id, version, announce type, feeds it is listed in, categories, title, abstract)
PAPERS = [
    ("2401.10001", 1, "new", ["cs.CL"], ["cs.CL", "cs.LG"], "Textbook-Quality Data Lets a 2.7B Language Model Rival Models 25 Times Larger",
     "We train a 2.7 billion parameter language model on synthetic textbook-quality data and filtered web text. It matches or beats models up to 25 times larger on reasoning, coding and language understanding benchmarks, which suggests data quality matters more than scale for small language models."),
    ("2401.10002", 1, "new", ["cs.CL"], ["cs.CL"], "How Far Can 100M-Parameter Language Models Reason? Revisiting Tiny Stories",
     "Small language models trained on simple synthetic stories produce fluent text. We test whether they can reason, and find that models of 100 million parameters solve short multi-step word problems when their training stories contain explicit reasoning."),
    ("2401.10003", 1, "new", ["cs.CL", "cs.LG"], ["cs.CL", "cs.LG"], "Distilling Chain-of-Thought Reasoning into Small Language Models",
     "Large language models reason step by step when prompted, small ones do not. We distil chain-of-thought rationales from a large teacher into a 1B student model, which improves its accuracy on arithmetic and commonsense reasoning by 14 points."),
    ("2401.10004", 1, "new", ["cs.CL"], ["cs.CL", "cs.AI"], "Will We Run Out of Text? Projecting the Stock of High-Quality Language Data",
     "Language models are trained on ever more text. We estimate the stock of high-quality public text and project that training runs will exhaust it between 2026 and 2032, unless synthetic data or better data efficiency change the trend."),
    ("2401.10005", 1, "new", ["cs.CL", "cs.LG"], ["cs.CL", "cs.LG"], "A Sparse Mixture-of-Experts Language Model Reaches 90% on MMLU",
     "We describe a sparse mixture-of-experts language model that routes each token to two of eight experts. It scores 90.0% on the MMLU benchmark, above every dense model of its size, at a fraction of the inference cost."),
    ("2401.10006", 1, "new", ["cs.CL"], ["cs.CL"], "Benchmark Contamination: Measuring Test-Set Leakage in MMLU and GSM8K",
     "Leaderboard gains may reflect memorised test questions. We detect leakage of MMLU and GSM8K questions in the training data of open language models and show that contaminated models lose up to 11 points on rewritten questions."),
    ("2401.10007", 1, "new", ["cs.CL"], ["cs.CL", "cs.AI"], "Beyond Multiple Choice: An Open-Ended Benchmark of Expert Questions for Language Models",
     "Multiple-choice benchmarks such as MMLU saturate. We collect 3,000 open-ended questions written by domain experts and grade language model answers with rubrics; the best model answers 41% correctly."),
    ("2401.10008", 1, "new", ["cs.CL"], ["cs.CL", "cs.LG"], "Why Language Models Hallucinate: A Calibration Perspective",
     "We argue that hallucination is a statistical consequence of calibrated language modelling: a model that is calibrated on facts seen once must sometimes generate false statements. We derive a lower bound on the hallucination rate and confirm it on open models."),
    ("2401.10009", 1, "new", ["cs.CL"], ["cs.CL"], "Retrieval-Augmented Generation Reduces Hallucination in Long-Form Answers",
     "Language models hallucinate facts in long answers. Retrieving passages before generating and citing them halves the rate of unsupported claims in long-form question answering, at the cost of more latency."),
    ("2401.10010", 1, "new", ["cs.CL"], ["cs.CL", "cs.DL"], "Detecting Hallucinated Citations in Scientific Writing Assistants",
     "Writing assistants built on language models invent references. We build a detector that checks every generated citation against bibliographic databases and flags 96% of invented references with few false alarms."),
    ("2401.10011", 1, "new", ["cs.AI"], ["cs.AI", "cs.LG"], "Program Search with Large Language Models Discovers New Constructions in Combinatorics",
     "We pair a large language model with an evaluator in an evolutionary program search. The search discovers cap set constructions larger than any previously known and better heuristics for online bin packing, new results in mathematics found by a language model."),
    ("2401.10012", 1, "new", ["cs.AI"], ["cs.AI", "cs.LO"], "Formal Theorem Proving with Language-Model-Guided Proof Search",
     "A language model proposes proof steps in Lean and a best-first search explores them. The prover closes 48% of competition problems in the miniF2F benchmark, ten points more than earlier provers."),
    ("2401.10013", 1, "new", ["cs.AI", "cs.LG"], ["cs.AI", "cs.LG"], "Language Models Write Better Heuristics for Scheduling than Experts",
     "We ask a language model to write and refine heuristics for job-shop scheduling and keep those that evaluate best. The evolved heuristics beat hand-designed ones on standard benchmarks."),
    ("2401.10014", 1, "new", ["cs.AI"], ["cs.AI", "cs.CL"], "Tool-Using Agents Fail Silently: An Audit of Web Agents Built on Language Models",
     "Agents that browse the web and call tools on behalf of users often fail without saying so. We audit four agent frameworks on 500 tasks and find that 31% of reported successes were failures."),
    ("2401.10015", 1, "new", ["cs.AI"], ["cs.AI", "cs.RO"], "Planning with Language Models for Household Robot Agents",
     "A language model turns spoken instructions into plans that a household robot agent executes with its own skills. Grounding each step in what the robot can perceive raises task success from 38% to 71%."),
    ("2401.10016", 1, "new", ["cs.CL"], ["cs.CL", "cs.SE"], "A Benchmark of Real GitHub Issues for Software Engineering Agents",
     "We collect 2,294 real GitHub issues with their fixing pull requests and tests. Language model agents must edit the repository so that the tests pass; the best agent resolves 4% of the issues."),
    ("2401.10017", 1, "new", ["cs.LG"], ["cs.LG", "cs.CV"], "Diffusion Transformers Scale Predictably for Image Generation",
     "We train diffusion models with transformer backbones from 30M to 3B parameters and find that image quality improves as a power law of compute, as it does for language models."),
    ("2401.10018", 1, "new", ["cs.LG"], ["cs.LG", "cs.CV"], "Masked Autoencoders Learn Strong Video Representations",
     "Masking 90% of the patches of a video clip and reconstructing them is an efficient self-supervised objective. The learned representations transfer to action recognition with state-of-the-art accuracy."),
    ("2401.10019", 1, "new", ["cs.LG"], ["cs.LG", "cs.CV", "cs.CL"], "Low-Rank Adapters for Efficient Fine-Tuning of Vision-Language Models",
     "Fine-tuning large vision-language models is expensive. Low-rank adapters on the attention layers recover 98% of full fine-tuning accuracy on visual question answering while training 0.5% of the parameters."),
    # Off the focus: physics, mathematics and earth science papers that reach the cs.LG listing as cross-lists.
    ("2401.10101", 1, "cross", ["cs.LG"], ["hep-lat", "cs.LG"], "Lattice QCD Determination of the Strong Coupling with Domain-Wall Fermions",
     "We determine the strong coupling constant at the Z boson mass from lattice simulations with 2+1+1 flavours of domain-wall fermions and a step-scaling analysis of the gradient flow coupling."),
    ("2401.10102", 1, "cross", ["cs.LG"], ["gr-qc", "astro-ph.CO", "cs.LG"], "Gravitational-Wave Constraints on Primordial Black Holes from the Third Observing Run",
     "The stochastic gravitational-wave background measured in the third observing run of LIGO and Virgo bounds the abundance of primordial black holes of a few solar masses as a fraction of dark matter."),
    ("2401.10103", 1, "cross", ["cs.LG"], ["math.AT", "cs.LG"], "Spectral Sequences in Equivariant Stable Homotopy Theory",
     "We construct a spectral sequence converging to the homotopy groups of genuine equivariant spectra for finite groups and compute the Mackey functor valued stems in a range."),
    ("2401.10104", 1, "cross", ["cs.LG"], ["physics.geo-ph", "cs.LG"], "Sediment Transport in Braided Rivers under Changing Discharge",
     "Field measurements in three braided gravel rivers show that bedload flux responds to discharge with a hysteresis whose direction depends on the supply of fine sediment."),
    # Revisions: new versions of older papers, announced this week; old news unless something discusses them.
    ("2306.20001", 3, "replace", ["cs.CL"], ["cs.CL", "cs.LG"], "Direct Preference Optimization of Language Models Without a Reward Model",
     "We fine-tune language models on human preferences directly with a classification loss, without training a reward model or running reinforcement learning, and match RLHF on summarisation and dialogue."),
    ("2307.20002", 2, "replace", ["cs.CL"], ["cs.CL"], "Long-Context Language Models Lose Information in the Middle",
     "Language models given long inputs use information at the start and the end of the context far better than information in the middle, across retrieval and question answering tasks."),
    ("2309.20003", 2, "replace", ["cs.AI"], ["cs.AI"], "Self-Refining Language Model Agents with Verbal Feedback",
     "Agents built on language models reflect on failed attempts in words and retry; the reflections raise success on coding and decision-making tasks."),
    ("2310.20004", 4, "replace", ["cs.LG"], ["cs.LG"], "Quantized Low-Rank Fine-Tuning of 65B Language Models on One GPU",
     "Fine-tuning a 65 billion parameter language model fits on a single 48 GB GPU when the frozen weights are quantised to 4 bits and gradients flow through low-rank adapters."),
    ("2311.20005", 2, "replace-cross", ["cs.CL"], ["cs.LG", "cs.CL"], "Scaling Instruction Tuning to Thousands of Tasks",
     "Instruction tuning on 1,800 tasks improves zero-shot performance of language models of every size, with chain-of-thought data helping reasoning most."),
    ("2305.20006", 2, "replace-cross", ["cs.LG"], ["stat.ML", "cs.LG"], "Emergent Abilities of Language Models May Be a Mirage of the Metric",
     "Abilities that seem to emerge suddenly with scale in language models appear smooth and predictable once measured with continuous metrics rather than exact match."),
    # A revision that a blog post discusses this week: shown, with the post.
    ("2001.20007", 5, "replace", ["cs.LG"], ["cs.LG", "cs.CL"], "Scaling Laws for Neural Language Models",
     "Language model loss falls as a power law of model size, data and compute over seven orders of magnitude; larger models are more sample efficient, which fixes how a compute budget should be spent."),
]

def item(paper, day):
    pid, version, kind, _, categories, title, abstract = paper
    cats = "\n".join(f"      <category>{c}</category>" for c in categories)
    return f"""    <item>
      <title>{escape(title)}</title>
      <link>https://arxiv.org/abs/{pid}</link>
      <description>arXiv:{pid}v{version} Announce Type: {kind} 
Abstract: {escape(abstract)}</description>
      <guid isPermaLink="false">oai:arXiv.org:{pid}v{version}</guid>
{cats}
      <pubDate>{day} 00:00:00 -0500</pubDate>
      <arxiv:announce_type>{kind}</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
      <dc:creator>Ada Example, Ben Sample, Chen Placeholder</dc:creator>
    </item>"""

def listing(category):
    items = []
    for n, paper in enumerate(PAPERS):
        if category in paper[3]:
            # A paper listed in a second category is a cross-list there.
            listed = paper if paper[3][0] == category or paper[2] != "new" else (paper[0], paper[1], "cross") + paper[3:]
            items.append(item(listed, DAYS[n % len(DAYS)]))
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title>{category} updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/{category}</link>
    <description>{category} updates on the arXiv.org e-print archive.</description>
    <atom:link href="https://rss.arxiv.org/rss/{category}" rel="self" type="application/rss+xml"/>
    <docs>http://www.rssboard.org/rss-specification</docs>
    <language>en-us</language>
    <lastBuildDate>Fri, 12 Jan 2024 05:00:00 +0000</lastBuildDate>
    <managingEditor>rss-help@arxiv.org</managingEditor>
    <pubDate>Fri, 12 Jan 2024 00:00:00 -0500</pubDate>
    <skipDays>
      <day>Saturday</day>
      <day>Sunday</day>
    </skipDays>
{chr(10).join(items)}
  </channel>
</rss>
"""

# (feed file, feed title, site, [(title, link, date, html content)])
BLOGS = [
    ("msr.xml", "Microsoft Research Blog", "https://www.microsoft.com/en-us/research", [
        ("Small models, big results: the power of textbook-quality data", "https://www.microsoft.com/en-us/research/blog/small-models-big-results/", "Tue, 09 Jan 2024 17:00:00 +0000",
         '<p>Our new 2.7 billion parameter language model shows that carefully chosen training data can stand in for scale. Read the <a href="https://arxiv.org/abs/2401.10001v1">paper</a>.</p>'),
        ("Agents that ask before they act: safer tool use for assistants", "https://www.microsoft.com/en-us/research/blog/agents-that-ask/", "Thu, 11 Jan 2024 16:00:00 +0000",
         "<p>We describe how our assistant agents confirm risky tool calls with the user before running them, and what that costs in speed.</p>"),
    ]),
    ("deepmind.xml", "Google DeepMind Blog", "https://deepmind.google/discover/blog", [
        ("Making new discoveries in mathematics with large language models", "https://deepmind.google/discover/blog/new-discoveries-in-mathematics/", "Wed, 10 Jan 2024 15:00:00 +0000",
         '<p>Our program search pairs a language model with an automated evaluator and found new constructions for the cap set problem (<a href="https://arxiv.org/abs/2401.10011">arXiv</a>).</p>'),
        ("Gemini comes to more products for developers", "https://deepmind.google/discover/blog/gemini-for-developers/", "Fri, 12 Jan 2024 15:00:00 +0000",
         "<p>Developers can now build with our most capable multimodal language model through an API, with long context and tool use.</p>"),
    ]),
    ("google-research.xml", "Google Research Blog", "https://research.google/blog", [
        ("Revisiting scaling laws for language models", "https://research.google/blog/revisiting-scaling-laws/", "Thu, 11 Jan 2024 18:00:00 +0000",
         '<p>Five years on, we look again at how <a href="https://arxiv.org/abs/2001.20007">scaling laws</a> guide compute budgets for language model training.</p>'),
    ]),
    ("bair.xml", "BAIR Blog (Berkeley AI Research)", "https://bair.berkeley.edu/blog", [
        ("Hallucination is not a bug you can patch", "https://bair.berkeley.edu/blog/2024/01/10/hallucination/", "Wed, 10 Jan 2024 12:00:00 +0000",
         '<p>A calibration argument explains why language models must hallucinate sometimes (<a href="https://arxiv.org/pdf/2401.10008v1.pdf">PDF</a>) and what retrieval can and cannot fix.</p>'),
    ]),
    ("hf-blog.xml", "Hugging Face Blog", "https://huggingface.co/blog", [
        ("Mixture of experts, explained", "https://huggingface.co/blog/moe-explained", "Fri, 12 Jan 2024 10:00:00 +0000",
         '<p>How sparse mixture-of-experts models such as the <a href="https://arxiv.org/abs/2401.10005">new MMLU leader</a> route tokens, and how to fine-tune them.</p>'),
    ]),
    ("openai.xml", "OpenAI News", "https://openai.com/news", [
        ("Superalignment fast grants", "https://openai.com/index/superalignment-fast-grants/", "Mon, 08 Jan 2024 18:00:00 +0000",
         "<p>We are launching grants for research on aligning superhuman AI systems, including weak-to-strong generalization and interpretability.</p>"),
    ]),
    ("techreview.xml", "MIT Technology Review: Artificial Intelligence", "https://www.technologyreview.com", [
        ("AI is running out of training data", "https://www.technologyreview.com/2024/01/11/ai-running-out-of-data/", "Thu, 11 Jan 2024 14:00:00 +0000",
         '<p>A new projection (<a href="https://arxiv.org/abs/2401.10004?utm_source=techreview">arXiv</a>) says the stock of good text could be used up this decade.</p>'),
        ("The new king of the MMLU benchmark", "https://www.technologyreview.com/2024/01/12/new-king-of-mmlu/", "Fri, 12 Jan 2024 14:00:00 +0000",
         '<p>A sparse model now tops the leaderboard <a href="https://arxiv.org/abs/2401.10005">at 90%</a>, but benchmark contamination makes such races hard to read.</p>'),
    ]),
    ("quanta.xml", "Quanta Magazine", "https://www.quantamagazine.org", [
        ("A new proof smooths out the math of melting ice", "https://www.quantamagazine.org/a-new-proof-smooths-out-the-math-of-melting-20240110/", "Wed, 10 Jan 2024 15:00:00 +0000",
         "<p>Mathematicians have shown that the boundary between ice and water in the Stefan problem stays smooth except at rare singular points.</p>"),
    ]),
]

def blog(title, site, posts):
    items = "\n".join(f"""    <item>
      <title>{escape(t)}</title>
      <link>{escape(link)}</link>
      <pubDate>{date}</pubDate>
      <description>{escape(html)}</description>
    </item>""" for t, link, date, html in posts)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>{escape(title)}</title>
    <link>{site}</link>
    <description>{escape(title)}</description>
{items}
  </channel>
</rss>
"""

def paper_of(pid):
    return next(p for p in PAPERS if p[0] == pid)

def hf_entry(pid, upvotes, comments, title=None, summary=None):
    p = paper_of(pid) if title is None else None
    return {
        "paper": {
            "id": pid,
            "authors": [{"_id": "65a0000000000000000000a1", "name": "Ada Example", "hidden": False},
                        {"_id": "65a0000000000000000000a2", "name": "Ben Sample", "hidden": False}],
            "publishedAt": "2024-01-09T18:59:59.000Z",
            "title": title or p[5],
            "summary": summary or p[6],
            "upvotes": upvotes,
            "discussionId": "65a00000000000000000" + pid[-4:],
        },
        "publishedAt": "2024-01-10T03:12:44.000Z",
        "title": title or p[5],
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{pid}.png",
        "numComments": comments,
        "submittedBy": {"_id": "60f0000000000000000000b1", "avatarUrl": "/avatars/example.svg", "fullname": "AK", "name": "akhaliq", "type": "user"},
        "isAuthorParticipating": False,
    }

HF = [
    hf_entry("2401.10001", 142, 9),
    hf_entry("2401.10005", 97, 4),
    hf_entry("2401.10016", 61, 3),
    # A paper from a category we do not read: Hugging Face's listing makes it an item.
    hf_entry("2401.10301", 83, 5, "Generating Minute-Long Videos with Language-Model-Planned Scenes",
             "A language model writes a scene-by-scene plan that a video diffusion model renders, producing coherent one-minute videos from a single prompt."),
]

def hn_hit(oid, title, url, points, comments, created):
    return {"created_at": created, "title": title, "url": url, "author": "example", "points": points,
            "story_text": None, "comment_text": None, "num_comments": comments, "story_id": None, "story_title": None,
            "story_url": None, "parent_id": None, "created_at_i": 1704900000, "_tags": ["story", "author_example", f"story_{oid}"],
            "objectID": str(oid), "_highlightResult": {}}

HN = {
    "hits": [
        hn_hit(38900001, "LLM-driven program search finds new cap set constructions", "https://arxiv.org/abs/2401.10011", 421, 187, "2024-01-10T16:20:00.000Z"),
        hn_hit(38900002, "Microsoft's 2.7B model rivals models 25x its size", "https://www.microsoft.com/en-us/research/blog/small-models-big-results/", 312, 95, "2024-01-09T19:02:00.000Z"),
        hn_hit(38900003, "What we learned evaluating LLM agents in production", "https://engineering.example-startup.com/blog/llm-agents-in-production", 188, 64, "2024-01-11T08:45:00.000Z"),
        hn_hit(38900004, "Ask HN: How do you evaluate LLM features?", None, 96, 120, "2024-01-12T13:00:00.000Z"),
        hn_hit(38900005, "LLM weights mirror", "ftp://mirror.example.org/llm/", 3, 0, "2024-01-12T14:00:00.000Z"),
    ],
    "nbHits": 5, "page": 0, "nbPages": 1, "hitsPerPage": 100, "exhaustiveNbHits": True, "query": "LLM",
    "params": "query=LLM&tags=story&numericFilters=points%3E%3D20&hitsPerPage=100", "processingTimeMS": 2,
}

def write(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)

for category in ["cs.CL", "cs.LG", "cs.AI"]:
    write(f"arxiv-{category}.rss", listing(category))
for name, title, site, posts in BLOGS:
    write(name, blog(title, site, posts))
write("hf-daily-papers.json", json.dumps(HF, indent=2) + "\n")
write("hn-search.json", json.dumps(HN, indent=2) + "\n")
