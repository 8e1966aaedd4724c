using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Cairn.Testing;

/// <summary>Makes one test case per engine for <see cref="ResticTheoryAttribute"/>.</summary>
public sealed class ResticTheoryDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var skip = factAttribute.GetNamedArgument<string>(nameof(FactAttribute.Skip));
        var minimum = factAttribute.GetNamedArgument<string>(nameof(ResticTheoryAttribute.MinimumVersion)) is { } text
            ? Version.Parse(text)
            : null;
        foreach (var engine in ResticEngines.All)
        {
            object[] arguments = [engine];
            var reason = skip
                ?? (engine.IsMissing && !ResticEngines.IsCi ? engine.MissingReason : null)
                ?? (minimum is not null && !engine.IsMissing && !engine.AtLeast(minimum.Major, minimum.Minor)
                    ? $"needs restic {minimum} or later" : null);
            yield return reason is null
                ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod, arguments)
                : new XunitSkippedDataRowTestCase(diagnosticMessageSink, display, displayOptions, testMethod, reason, arguments);
        }
    }
}
