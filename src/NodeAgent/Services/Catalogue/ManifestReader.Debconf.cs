using System.Text.RegularExpressions;

namespace NodeAgent.Services.Catalogue;

internal static partial class ManifestReader
{
    private static List<DebconfAnswer>? ReadDebconf(JsonObjectReader root, IReadOnlyList<string>? packages)
    {
        if (!root.Has("debconf"))
        {
            return [];
        }
        if (root.Array("debconf", true, 0, 16, "debconf answers") is not { } items)
        {
            return null;
        }
        var answers = new List<DebconfAnswer>();
        var before = root.ProblemCount;
        foreach (var (item, path) in items)
        {
            var problems = new List<ManifestProblem>();
            if (JsonObjectReader.Open(item, path, problems, "question", "type", "value", "secret") is { } d)
            {
                var answer = ReadAnswer(d, packages);
                if (answer is not null && problems.Count == 0)
                {
                    if (answers.Any(x => x.Question == answer.Question))
                    {
                        problems.Add(new(path, $"question {answer.Question} is answered twice"));
                    }
                    answers.Add(answer);
                }
            }
            root.AddProblems(problems);
        }
        return root.ProblemCount > before ? null : answers;
    }

    private static DebconfAnswer? ReadAnswer(JsonObjectReader d, IReadOnlyList<string>? packages)
    {
        var question = d.String("question", true, v => !QuestionPattern().IsMatch(v) ? "must be PACKAGE/NAME as debconf-get-selections shows it, e.g. icecast2/adminpassword"
            : packages is not null && !packages.Contains(v[..v.IndexOf('/', StringComparison.Ordinal)], StringComparer.Ordinal) ? $"belongs to a package the manifest does not install; its packages: {string.Join(", ", packages)}"
            : null);
        var type = d.String("type", true, v => v is "boolean" or "string" or "password" ? null : "is not a debconf type the agent answers; allowed: boolean, string, password");
        var secret = d.Bool("secret", false) ?? false;
        var value = d.String("value", false, v => v.Length <= 200 && !v.Any(char.IsControl) ? null : "must be at most 200 characters on one line");
        if (type == "password" && !secret)
        {
            d.Problem("secret", "must be true for a password: a password is never written in a manifest; the installer generates one per node");
            return null;
        }
        if (secret == d.Has("value"))
        {
            d.Problem(secret ? "value" : null, secret ? "must be left out when \"secret\" is true (the installer generates the answer)" : "needs a \"value\", or \"secret\": true for a generated one");
            return null;
        }
        if (type == "boolean" && value is not (null or "true" or "false"))
        {
            d.Problem("value", $"'{value}' must be \"true\" or \"false\" for a boolean question");
            return null;
        }
        return question is null || type is null ? null : new DebconfAnswer(question, type, value, secret);
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]{1,99}/[A-Za-z0-9][A-Za-z0-9_./-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionPattern();
}
