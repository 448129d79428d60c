namespace OmniHub.Domain;

/// <summary>Collects validation errors and throws them together.</summary>
internal sealed class Validator(string subject)
{
    private readonly List<ValidationError> _errors = [];

    public Validator Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            _errors.Add(new ValidationError(field, message));
        }

        return this;
    }

    public Validator NotBlank(string? value, string field) =>
        Require(!string.IsNullOrWhiteSpace(value), field, "is required");

    public Validator Add(IEnumerable<ValidationError> errors)
    {
        _errors.AddRange(errors);
        return this;
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new DomainValidationException(subject, _errors.ToArray());
        }
    }
}
