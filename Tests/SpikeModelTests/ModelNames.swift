import SpikeModel

/// The four classifier models the tests build, by head and number type.
typealias AttentionFloatModel = FloatClassifierModel<AttentionClassifierHead>
typealias AttentionInt8Model = QuantizedClassifierModel<AttentionClassifierHead>
typealias PopulationFloatModel = FloatClassifierModel<PopulationClassifierHead>
typealias PopulationInt8Model = QuantizedClassifierModel<PopulationClassifierHead>
