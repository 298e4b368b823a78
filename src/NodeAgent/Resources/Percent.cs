namespace NodeAgent.Resources;

/// <summary>Percentages as reported on the wire: two decimals keep JSON and history rows short.</summary>
internal static class Percent
{
    public static double Of(double part, double whole) =>
        whole <= 0 ? 0 : Math.Round(100.0 * part / whole, 2, MidpointRounding.AwayFromZero);
}
