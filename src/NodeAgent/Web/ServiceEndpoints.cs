using System.Globalization;
using Microsoft.AspNetCore.Routing;
using NodeAgent.Contracts;
using NodeAgent.Contracts.Services;
using NodeAgent.Services.Fit;
using NodeAgent.Services.Manager;

namespace NodeAgent.Web;

/// <summary><c>/api/v1/services</c>: the catalogue with fit verdicts and states, and the operations on one service.</summary>
internal static class ServiceEndpoints
{
    private const int JournalLines = 20;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/services", (ServiceManager manager) => TypedResults.Json(
            new ServiceList(manager.Unavailable is null, manager.Unavailable, [.. manager.List().Select(s => Info(manager, s))]),
            AgentJsonContext.Default.ServiceList));
        api.MapGet("/services/{id}", ShowAsync);
        api.MapPost("/services/{id}/{operation}", OperateAsync);
    }

    private static async Task<IResult> ShowAsync(string id, ServiceManager manager, CancellationToken cancellationToken)
    {
        if (manager.Find(id) is not { } service)
        {
            return NotFound(manager, id);
        }
        var journal = await manager.JournalAsync(id, JournalLines, cancellationToken).ConfigureAwait(false);
        var lines = journal.Select(j => new ServiceJournalLine(j.Time, j.Priority, j.Identifier, j.Message)).ToList();
        return TypedResults.Json(Info(manager, service) with { Journal = lines }, AgentJsonContext.Default.ServiceInfo);
    }

    private static async Task<IResult> OperateAsync(string id, string operation, HttpContext context, ServiceManager manager)
    {
        if (!AccessPolicy.IsOwner(context))
        {
            return Problems.Forbidden("services can only be installed, started, stopped or removed by the node's owner: sign in, or use `nodeagent services` on the node");
        }
        if (manager.Find(id) is null)
        {
            return NotFound(manager, id);
        }
        if (Parse(operation) is not { } op)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not found", $"'{operation}' is not an operation; use install, start, stop, restart or remove");
        }
        var force = false;
        if (context.Request.Query.TryGetValue("force", out var f) && !bool.TryParse(f.ToString(), out force))
        {
            return Problems.BadRequest($"'force' must be true or false, not '{f}'");
        }
        var result = await manager.RunAsync(id, op, force).ConfigureAwait(false);
        return result.Outcome switch
        {
            OperationOutcome.Done => TypedResults.Json(Answer(manager, result), AgentJsonContext.Default.ServiceOperationResult),
            OperationOutcome.Accepted => TypedResults.Json(Answer(manager, result), AgentJsonContext.Default.ServiceOperationResult, statusCode: StatusCodes.Status202Accepted),
            OperationOutcome.Conflict => Problems.Create(StatusCodes.Status409Conflict, "Conflict", result.Message),
            OperationOutcome.DoesNotFit => Problems.Create(StatusCodes.Status409Conflict, "Does not fit", result.Message),
            OperationOutcome.Unavailable => Problems.Create(StatusCodes.Status503ServiceUnavailable, "Service management unavailable", result.Message),
            OperationOutcome.NotFound => NotFound(manager, id),
            _ => Problems.Create(StatusCodes.Status502BadGateway, "Operation failed", result.Message),
        };
    }

    private static ServiceOperationResult Answer(ServiceManager manager, OperationResult result) => new(result.Message, Info(manager, result.Service!));

    private static IResult NotFound(ServiceManager manager, string id) => Problems.Create(StatusCodes.Status404NotFound, "Not found",
        $"there is no service '{Printable(id)}' in the catalogue; known: {string.Join(", ", manager.List().Select(s => s.Id))}");

    private static ServiceOperation? Parse(string operation) => operation switch
    {
        "install" => ServiceOperation.Install,
        "start" => ServiceOperation.Start,
        "stop" => ServiceOperation.Stop,
        "restart" => ServiceOperation.Restart,
        "remove" => ServiceOperation.Remove,
        _ => null,
    };

    internal static ServiceInfo Info(ServiceManager manager, ServiceSnapshot service)
    {
        var m = service.Manifest;
        var fit = manager.Fit(m);
        return new ServiceInfo(
            m.Id, m.Name, m.Description, ServiceStates.Name(service.State),
            service.ProgressPercent, service.Detail, service.Since, service.Busy,
            m.Unit, m.Packages, m.Priority, m.Requirements.RamMb, m.Requirements.DiskMb, m.Continues, m.Announce?.Type,
            new ServiceFit(fit.Outcome == FitOutcome.Fits ? "fits" : "refused", fit.Summary, [.. fit.Problems.Select(p => p.Message)], fit.StopToFit, fit.Memory.FreeMb),
            Footprint: manager.Footprints is { } f && f.PeakMb(m.Id) is { } peak ? new ServiceFootprint(f.CurrentMb(m.Id), peak, f.CpuPercent(m.Id)) : null);
    }

    private static string Printable(string text) =>
        text.Length <= 40 && text.All(c => !char.IsControl(c)) ? text : string.Create(CultureInfo.InvariantCulture, $"{text.Length} characters");
}
