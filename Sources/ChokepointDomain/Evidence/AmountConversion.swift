/// Factors that turn a reported amount into kilograms. Each default is a figure a public
/// report gives, so an analyst can check it and change it (`--tablet-mg`, scenario file).
public struct AmountConversion: Sendable, Hashable {
    /// Mass of one methamphetamine (yaba) tablet. Default 100 mg: Laos's Ministry of Public
    /// Security counted 20,200,000 pills weighing about 2,020 kg (Laotian Times, 2025-04-22).
    public var tabletGrams = 0.1
    /// Mass of one heroin "cake" or "brick" as Vietnamese reports count them. Default 350 g:
    /// "one brick of heroin (around 350 grammes)" (VietnamPlus, 2018-11-11).
    public var cakeGrams = 350.0
    /// Mass of one litre of liquid drug. Default 1 kg: an assumption (a water-based solution);
    /// no report in the bundle weighs one.
    public var litreKilograms = 1.0

    public init() {}

    /// Kilograms, or nil for a count that is not a mass (wildlife specimens) or an unknown unit.
    public func kilograms(_ amount: Double, unit: String) -> Double? {
        switch unit.lowercased() {
        case "kg": amount
        case "g": amount / 1000
        case "t": amount * 1000
        case "tablets": amount * tabletGrams / 1000
        case "cakes": amount * cakeGrams / 1000
        case "litres": amount * litreKilograms
        default: nil
        }
    }
}
