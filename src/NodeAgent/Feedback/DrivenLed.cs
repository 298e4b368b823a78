using NodeAgent.Boards;

namespace NodeAgent.Feedback;

/// <summary>An LED found on the board and the role it plays.</summary>
internal sealed record DrivenLed(LedRole Role, LedColour Colour, ILed Led);
