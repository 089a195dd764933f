namespace IsdaDsl.Experiments.Specs;

/// <summary>A component as one short text for tables: "isda (lambda0 0.5, covariance full)".</summary>
internal static class ComponentText
{
    public static string Describe(string name, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var list = parameters.ToList();
        return list.Count == 0 ? name : $"{name} ({string.Join(", ", list.Select(p => $"{p.Key} {p.Value}"))})";
    }
}
