using System.Diagnostics.CodeAnalysis;

namespace PropBot.Exchanges;

/// <summary>
/// The result of a venue call: data on success, a <see cref="VenueError"/> otherwise. Expected failures are values,
/// never exceptions.
/// </summary>
/// <typeparam name="T">Type of the data.</typeparam>
public sealed class VenueResult<T>
{
    private VenueResult(T? data, VenueError? error)
    {
        Data = data;
        Error = error;
    }

    /// <summary>Whether the call succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Data))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Error is null;

    /// <summary>The data, on success.</summary>
    public T? Data { get; }

    /// <summary>The error, on failure.</summary>
    public VenueError? Error { get; }

    /// <summary>A successful result.</summary>
    public static VenueResult<T> Ok(T data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data, null);
    }

    /// <summary>A failed result.</summary>
    public static VenueResult<T> Fail(VenueError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error);
    }

    /// <summary>Wraps data as success.</summary>
    public static implicit operator VenueResult<T>(T data) => Ok(data);

    /// <summary>Wraps an error as failure.</summary>
    public static implicit operator VenueResult<T>(VenueError error) => Fail(error);

    /// <summary>Maps the data of a successful result, carrying an error through.</summary>
    public VenueResult<TOut> Map<TOut>(Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return Success ? VenueResult<TOut>.Ok(map(Data)) : VenueResult<TOut>.Fail(Error);
    }

    /// <inheritdoc />
    public override string ToString() => Success ? $"Ok({Data})" : $"Fail({Error})";
}
