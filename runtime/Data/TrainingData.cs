namespace IsdaDsl.Runtime.Data;

/// <summary>A data split with the augmentation of its training images and the normalisation of its test images.</summary>
public sealed record TrainingData(DataSplit Split, AugmentationOptions TrainAugmentation, AugmentationOptions TestAugmentation);
