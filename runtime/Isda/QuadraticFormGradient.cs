using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Isda;

/// <summary>
/// Autograd node of the full-covariance quadratic forms s_kj = (w_j − w_k)ᵀ Σ_k (w_j − w_k) (<see cref="IsdaLoss"/>):
/// its value is given, computed without autograd, and its gradient with respect to W comes from the products
/// P_k = (W − w_k) Σ_k of that computation: ∂s_kj/∂w_j = 2 P_kj and ∂s_kj/∂w_k = −2 P_kj (Σ_k symmetric). So the
/// backward pass forms no second K·C·A² product and autograd keeps only P. First derivatives only.
/// </summary>
internal sealed class QuadraticFormGradient : autograd.SingleTensorFunction<QuadraticFormGradient>
{
    public override string Name => nameof(QuadraticFormGradient);

    /// <summary>Arguments: W [C, A] (the only one that receives a gradient), P [K, C, A], the present classes [K] and s [K, C].</summary>
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (product, present, values) = ((Tensor)vars[1], (Tensor)vars[2], (Tensor)vars[3]);
        ctx.save_for_backward([product, present]);
        return values.clone();
    }

    /// <summary>∂L/∂W = 2 (Σ_k g_k ⊙ P_k) − 2 Σ_k e_{present k} g_kᵀP_k, for the upstream gradient g [K, C].</summary>
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
    {
        var saved = ctx.get_saved_variables();
        var (product, present) = (saved[0], saved[1]);
        // Σ_k g_kj P_kj as C row-vector products over a strided view of P, so no K×C×A temporary is made.
        var towardsOthers = grad.t().unsqueeze(1).bmm(product.transpose(0, 1)).squeeze(1);
        var towardsOwn = grad.unsqueeze(1).bmm(product).squeeze(1);
        return [towardsOthers.index_add_(0, present, towardsOwn, -1).mul_(2), null!, null!, null!];
    }
}
