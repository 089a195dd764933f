using System.IO.Compression;

namespace IsdaDsl.Runtime.Data;

/// <summary>Reads a whole data file (gunzipping *.gz) and turns every way it can be unreadable into a <see cref="DataFormatException"/>.</summary>
internal static class DataFile
{
    /// <summary>The (decompressed) contents of <paramref name="path"/>; <paramref name="expected"/> says what the file should be.</summary>
    public static byte[] ReadAll(string path, string expected)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new DataFormatException(path, $"missing file; expected {expected}");
        }
        try
        {
            if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                return File.ReadAllBytes(path);
            }
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var contents = new MemoryStream();
            gzip.CopyTo(contents);
            return contents.ToArray();
        }
        // GZipStream reports a damaged or cut-off stream with these; the caller needs to know which file.
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, $"corrupt or truncated gzip data ({e.Message}); expected {expected}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new DataFormatException(path, $"truncated gzip data ({e.Message}); expected {expected}", e);
        }
    }
}
