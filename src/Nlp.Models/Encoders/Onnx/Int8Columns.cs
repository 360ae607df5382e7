namespace Nlp.Models.Encoders.Onnx;

/// <summary>Symmetric int8 quantization of a row-major [rows, columns] matrix, one scale per column.</summary>
internal static class Int8Columns
{
    public static (sbyte[] Values, float[] Scales) Quantize(ReadOnlySpan<float> matrix, int rows, int columns)
    {
        if (matrix.Length != rows * columns)
            throw new ArgumentException($"a {rows}x{columns} matrix needs {rows * columns} values, not {matrix.Length}");
        var scales = new float[columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                scales[c] = Math.Max(scales[c], Math.Abs(matrix[r * columns + c]));
        for (int c = 0; c < columns; c++) scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        var values = new sbyte[matrix.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                values[r * columns + c] = (sbyte)Math.Clamp(MathF.Round(matrix[r * columns + c] / scales[c]), -127, 127);
        return (values, scales);
    }
}
