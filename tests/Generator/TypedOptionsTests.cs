using System.Reflection;
using IsdaDsl.Experiments.Generated;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Spec;

namespace IsdaDsl.Tests.Generator;

/// <summary>
/// The runtime's options records are the DSL's declarations in C#: one positional parameter per declared parameter,
/// of its type; and a generated experiment's typed options are exactly what the catalog binds from its settings.
/// </summary>
public sealed class TypedOptionsTests
{
    public static TheoryData<string, string> Components()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in SpecSchema.Architectures.Keys)
            data.Add("architecture", name);
        foreach (var name in SpecSchema.Methods.Keys)
            data.Add("method", name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void Each_options_record_takes_exactly_the_declared_parameters_with_their_types(string kind, string name)
    {
        var (type, declared) = kind == "architecture"
            ? (ArchitectureCatalog.OptionsType(name), SpecSchema.Architectures[name])
            : (MethodCatalog.OptionsType(name), SpecSchema.Methods[name]);
        var positional = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First().GetParameters();

        Assert.Equal(declared.Select(rule => Naming.ToPascalCase(rule.Key)), positional.Select(p => p.Name));
        foreach (var (rule, parameter) in declared.Zip(positional))
        {
            var parameterType = parameter.ParameterType;
            switch (rule.Kind)
            {
                case ValueKind.Integer:
                    Assert.Equal(typeof(int), parameterType);
                    break;
                case ValueKind.Number:
                    Assert.Equal(typeof(double), parameterType);
                    break;
                default:
                    // A choice is a string or an enum with one member per choice, in PascalCase.
                    if (parameterType != typeof(string))
                        Assert.Equal(rule.Choices.Select(Naming.ToPascalCase).Order(), Enum.GetNames(parameterType).Order());
                    break;
            }
        }
    }

    public static TheoryData<string> Experiments() => [.. ExperimentCatalog.All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Experiments))]
    public void A_generated_experiments_typed_options_are_what_the_catalog_binds_from_its_settings(string experiment)
    {
        var generated = typeof(ExperimentCatalog).Assembly.GetTypes()
            .Single(t => t.GetField("Name", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string == experiment && t.GetNestedType("Settings") is not null);
        var settings = ExperimentCatalog.All[experiment]();

        Assert.Equal(ArchitectureCatalog.Options(settings.Model), Options(generated, "Model"));
        Assert.Equal(MethodCatalog.Options(settings.Method), Options(generated, "Method"));
    }

    private static object? Options(Type experiment, string section) =>
        experiment.GetNestedType("Settings")!.GetNestedType(section)!.GetProperty("Options")!.GetValue(null);
}
