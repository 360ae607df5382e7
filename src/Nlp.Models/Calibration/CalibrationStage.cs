using Nlp.Core.Model;
using Nlp.Core.Pipeline;

namespace Nlp.Models.Calibration;

/// <summary>
/// The last stage: recalibrates the confidences of every entity, event, argument and relation the stages before it
/// made, for documents from new sources (<see cref="SourceShiftCalibration"/>). It adds and removes nothing.
/// </summary>
public sealed class CalibrationStage(SourceShiftCalibration calibration) : IDocumentStage
{
    public SourceShiftCalibration Calibration { get; } = calibration;

    public string Name => "calibration";
    public Layer Requires => Layer.Entities;
    public Layer Assigns => Layer.None;

    public Document Process(Document document) => Calibration.Apply(document);
}
