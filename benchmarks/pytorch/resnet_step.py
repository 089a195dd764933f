#!/usr/bin/python3
"""PyTorch peer of IsdaDsl's ResNet training-step benchmark (see benchmarks/README.md).

The network mirrors runtime/Models/CifarResNet.cs: 3x3 stem conv + BN + ReLU, three stages of n basic blocks
(widths 16/32/64, stride 2 between stages), 1x1-conv + BN projection shortcuts where stride or width change,
global average pooling and a linear classifier. One step = forward, cross-entropy, backward, SGD
(lr 0.1, momentum 0.9, Nesterov, weight decay 1e-4) on a fixed random batch.

Output lines start with RESULT and use the same fields as `IsdaDsl.Benchmarks step`, so
benchmarks/compare_pytorch.sh can parse both.
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, in_planes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = None
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(planes))

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        residual = x if self.shortcut is None else self.shortcut(x)
        return F.relu(out.add_(residual))


class CifarResNet(nn.Module):
    def __init__(self, depth=32, num_classes=10, in_channels=3, width=16):
        super().__init__()
        assert depth >= 8 and (depth - 2) % 6 == 0
        n = (depth - 2) // 6
        self.stem = nn.Conv2d(in_channels, width, 3, padding=1, bias=False)
        self.stem_norm = nn.BatchNorm2d(width)
        blocks, in_planes = [], width
        for planes, stride in ((width, 1), (2 * width, 2), (4 * width, 2)):
            for i in range(n):
                blocks.append(BasicBlock(in_planes, planes, stride if i == 0 else 1))
                in_planes = planes
        self.stages = nn.Sequential(*blocks)
        self.classifier = nn.Linear(4 * width, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.stages(F.relu(self.stem_norm(self.stem(x))))
        return self.classifier(F.adaptive_avg_pool2d(x, 1).flatten(1))


def median_ms(body, steps, warmup):
    for _ in range(warmup):
        body()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        body()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times), min(times), max(times)


def report(what, stats):
    med, lo, hi = stats
    print(f"RESULT {what} median_ms={med:.1f} min_ms={lo:.1f} max_ms={hi:.1f}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: leave PyTorch's)")
    parser.add_argument("--channels-last", action="store_true", help="model and input in torch.channels_last")
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--depth", type=int, default=32)
    parser.add_argument("--conv", action="store_true", help="also time one 3x3 conv 16->16 on [batch,16,32,32]")
    args = parser.parse_args()

    if args.threads is not None:
        torch.set_num_threads(args.threads)
    fmt = torch.channels_last if args.channels_last else torch.contiguous_format
    tag = (f"pytorch-{torch.__version__} threads={torch.get_num_threads()} interop={torch.get_num_interop_threads()} "
           f"channels_last={args.channels_last}")

    torch.manual_seed(0)
    model = CifarResNet(args.depth).to(memory_format=fmt).train()
    x = torch.randn(args.batch, 3, 32, 32).contiguous(memory_format=fmt)
    y = torch.randint(0, 10, (args.batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4)

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    report(f"step {tag} batch={args.batch} depth={args.depth}", median_ms(step, args.steps, args.warmup))

    if args.conv:
        conv = nn.Conv2d(16, 16, 3, padding=1, bias=False).to(memory_format=fmt)
        xc = torch.randn(args.batch, 16, 32, 32).contiguous(memory_format=fmt).requires_grad_()

        def forward():
            with torch.no_grad():
                return conv(xc).sum().item()

        def forward_backward():
            conv.zero_grad()
            xc.grad = None
            conv(xc).sum().backward()
            return xc.grad.sum().item()

        report(f"conv_fwd {tag}", median_ms(forward, args.steps, args.warmup))
        report(f"conv_fwdbwd {tag}", median_ms(forward_backward, args.steps, args.warmup))


if __name__ == "__main__":
    main()
