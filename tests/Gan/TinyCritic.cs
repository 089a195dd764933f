using IsdaDsl.Runtime.Gan;
using TorchSharp.Modules;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

/// <summary>
/// A float64 critic with the weights of <see cref="CriticWeights"/>, written with plain tensor algebra so that the
/// objectives can be checked against <see cref="GanReference"/>. It can record the images it is asked about.
/// </summary>
internal sealed class TinyCritic : nn.Module, IGanDiscriminator
{
    private readonly Parameter w1;
    private readonly Parameter b1;
    private readonly Parameter a;
    private readonly Parameter b0;
    private readonly Parameter? labelOffset;
    private readonly Parameter? u;
    private readonly Parameter? c;
    private readonly Parameter? v;
    private readonly Parameter? d;
    private readonly bool linear;

    public TinyCritic(CriticWeights weights) : base(nameof(TinyCritic))
    {
        w1 = new Parameter(ToTensor(weights.W1));
        b1 = new Parameter(ToTensor(weights.B1));
        a = new Parameter(ToTensor(weights.A));
        b0 = new Parameter(ToTensor([weights.B0]));
        linear = weights.Linear;
        if (weights.LabelOffset is not null)
            labelOffset = new Parameter(ToTensor(weights.LabelOffset));
        if (weights.U is not null && weights.C is not null)
        {
            u = new Parameter(ToTensor(weights.U));
            c = new Parameter(ToTensor(weights.C));
        }

        if (weights.V is not null && weights.D is not null)
        {
            v = new Parameter(ToTensor(weights.V));
            d = new Parameter(ToTensor(weights.D));
        }

        RegisterComponents();
    }

    public Tensor W1 => w1;

    public Tensor B1 => b1;

    public Tensor A => a;

    public Tensor B0 => b0;

    /// <summary>Detached copies of every batch of images passed to <see cref="Discriminate"/>, in order.</summary>
    public List<Tensor> Seen { get; } = [];

    public DiscriminatorOutput Discriminate(Tensor images, Tensor? labels = null)
    {
        if ((labels is null) != (labelOffset is null))
            throw new ArgumentException(labelOffset is null ? "not conditioned, labels passed" : "conditioned, labels missing", nameof(labels));
        Seen.Add(images.detach().clone().DetachFromDisposeScope());
        var x = images.flatten(1);
        var hidden = nn.functional.linear(x, w1, b1);
        if (!linear)
            hidden = hidden.tanh();
        var score = hidden.matmul(a).add(b0);
        if (labelOffset is not null)
            score = score.add(labelOffset.index_select(0, labels!));
        var classLogits = u is null ? null : nn.functional.linear(x, u, c);
        var codes = v is null ? null : nn.functional.linear(x, v, d);
        return new DiscriminatorOutput(score, classLogits, codes);
    }
}
