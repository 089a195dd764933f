namespace IsdaDsl.Experiments;

/// <summary>Run folders: out/NAME/yyyyMMdd-HHmmss[-k], never reused by another run.</summary>
internal static class RunFolders
{
    public static string CreateNew(string outRoot, string experimentName)
    {
        var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var parent = Path.GetFullPath(Path.Combine(outRoot, experimentName));
        Directory.CreateDirectory(parent);
        for (var k = 0; ; k++)
        {
            var candidate = Path.Combine(parent, k == 0 ? stamp : $"{stamp}-{k}");
            // CreateDirectory succeeds on an existing folder, so claim the name with an exclusive marker file.
            Directory.CreateDirectory(candidate);
            try
            {
                using var claim = new FileStream(Path.Combine(candidate, ".run"), FileMode.CreateNew);
                return candidate;
            }
            catch (IOException) when (File.Exists(Path.Combine(candidate, ".run")))
            {
            }
        }
    }
}
