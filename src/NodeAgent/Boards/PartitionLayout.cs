using System.Text.Json.Serialization;

namespace NodeAgent.Boards;

/// <summary>Partition layout of an image.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PartitionLayout>))]
public enum PartitionLayout
{
    /// <summary>GPT with an EFI system partition and a BIOS boot partition, so one image boots both ways.</summary>
    [JsonStringEnumMemberName("gpt-uefi-bios")] GptUefiBios,

    /// <summary>MBR with a FAT firmware partition (RASPIFIRM) and an ext4 root (RASPIROOT).</summary>
    [JsonStringEnumMemberName("mbr-raspi")] MbrRaspi,
}
