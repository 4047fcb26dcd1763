namespace RoundupBot.Tests.Summarization.Embedding;

internal static class Vectors
{
    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    public static double Norm(float[] a) => Math.Sqrt(a.Sum(x => (double)x * x));

    /// <summary>Bit patterns, so that NaN payloads and -0 compare exactly.</summary>
    public static int[] Bits(float[] a) => Array.ConvertAll(a, BitConverter.SingleToInt32Bits);
}
