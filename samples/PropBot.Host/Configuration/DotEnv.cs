namespace PropBot.Host.Configuration;

/// <summary>
/// A tiny <c>.env</c> reader: <c>KEY=VALUE</c> lines, <c>#</c> comments (whole-line, or after an unquoted value),
/// optional <c>export </c> prefix, single or double quotes. Values are returned, never logged.
/// </summary>
internal static class DotEnv
{
    public static Dictionary<string, string> Parse(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim().TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 1 && (value[0] == '"' || value[0] == '\''))
            {
                var quote = value[0];
                var end = value.IndexOf(quote, 1);
                value = end > 0 ? value[1..end] : value[1..];
                if (quote == '"')
                {
                    value = value.Replace("\\n", "\n", StringComparison.Ordinal);
                }
            }
            else
            {
                var hash = value.IndexOf(" #", StringComparison.Ordinal);
                if (hash >= 0)
                {
                    value = value[..hash].TrimEnd();
                }
            }

            if (key.Length > 0)
            {
                result[key] = value;
            }
        }

        return result;
    }

    /// <summary>Reads <paramref name="path"/> if it exists, dropping keys already set in the real environment.</summary>
    public static Dictionary<string, string> Load(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        var values = Parse(File.ReadAllText(path));
        foreach (var key in values.Keys.ToList())
        {
            if (Environment.GetEnvironmentVariable(key) is not null)
            {
                values.Remove(key);
            }
        }

        return values;
    }
}
