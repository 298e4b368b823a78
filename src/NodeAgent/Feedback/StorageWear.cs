namespace NodeAgent.Feedback;

/// <summary>The pre-EOL levels of the JEDEC eMMC/SD health report.</summary>
public enum StorageWear
{
    /// <summary>Normal, or not reported.</summary>
    Normal,

    /// <summary>80 % of reserved blocks used.</summary>
    Warning,

    /// <summary>90 % of reserved blocks used: replace the card soon.</summary>
    Urgent,
}
