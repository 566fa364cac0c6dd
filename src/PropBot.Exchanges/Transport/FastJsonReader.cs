using System.Runtime.CompilerServices;
using System.Text.Json;

namespace PropBot.Exchanges.Transport;

/// <summary>
/// The token API the market-data parsers are written against, so the same parse logic runs over the hot-path
/// <see cref="FastJsonReader"/> and over <see cref="Utf8JsonReader"/> (<see cref="Utf8JsonTokenSource"/>), the
/// reference. Implementations are ref structs; generic callers use <c>allows ref struct</c> so the JIT specialises
/// the parse per reader with no interface dispatch.
/// </summary>
internal interface IJsonTokenSource
{
    /// <summary>Type of the current token.</summary>
    JsonTokenType TokenType { get; }

    /// <summary>Raw bytes of the current value (string contents without quotes, number text, property name).</summary>
    ReadOnlySpan<byte> ValueSpan { get; }

    /// <summary>True when the current string contains escape sequences (its <see cref="ValueSpan"/> is not the text).</summary>
    bool ValueIsEscaped { get; }

    /// <summary>Offset of the current token in the input (for a string, of its opening quote).</summary>
    long TokenStartIndex { get; }

    /// <summary>Advances to the next token; false at the end of the input.</summary>
    bool Read();

    /// <summary>
    /// Inside an object: reads the next property name and advances to its value (the current token afterwards).
    /// False when the object ends (the current token is then <see cref="JsonTokenType.EndObject"/>) or the input
    /// is not a property here. <paramref name="name"/> is empty for an escaped name.
    /// </summary>
    bool ReadProperty(out ReadOnlySpan<byte> name);

    /// <summary>Skips the children of the current token (the value of a property name, the contents of an object or array).</summary>
    void Skip();

    /// <summary>From a value inside an array, skips the array's remaining items; true when the current token is then
    /// the array's <see cref="JsonTokenType.EndArray"/>.</summary>
    bool SkipRestOfArray();

    /// <summary>Compares the current string or property name with unescaped UTF-8 text.</summary>
    bool ValueTextEquals(ReadOnlySpan<byte> utf8Text);
}

/// <summary><see cref="Utf8JsonReader"/> behind <see cref="IJsonTokenSource"/>: full JSON validation, the reference path.</summary>
internal ref struct Utf8JsonTokenSource : IJsonTokenSource
{
    private Utf8JsonReader _reader;

    /// <summary>Wraps a reader over <paramref name="utf8"/> allowing <paramref name="maxDepth"/> nested containers.</summary>
    public Utf8JsonTokenSource(ReadOnlySpan<byte> utf8, int maxDepth = 64) => _reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });

    /// <inheritdoc />
    public readonly JsonTokenType TokenType => _reader.TokenType;

    /// <inheritdoc />
    public readonly ReadOnlySpan<byte> ValueSpan => _reader.HasValueSequence ? default : _reader.ValueSpan;

    /// <inheritdoc />
    public readonly bool ValueIsEscaped => _reader.ValueIsEscaped || _reader.HasValueSequence;

    /// <inheritdoc />
    public readonly long TokenStartIndex => _reader.TokenStartIndex;

    /// <inheritdoc />
    public bool Read() => _reader.Read();

    /// <inheritdoc />
    public bool ReadProperty(out ReadOnlySpan<byte> name)
    {
        name = default;
        if (!_reader.Read() || _reader.TokenType != JsonTokenType.PropertyName)
        {
            return false;
        }

        if (!_reader.ValueIsEscaped && !_reader.HasValueSequence)
        {
            name = _reader.ValueSpan;
        }

        return _reader.Read();
    }

    /// <inheritdoc />
    public void Skip() => _reader.Skip();

    /// <inheritdoc />
    public bool SkipRestOfArray()
    {
        while (_reader.Read())
        {
            if (_reader.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            _reader.Skip();
        }

        return false;
    }

    /// <inheritdoc />
    public readonly bool ValueTextEquals(ReadOnlySpan<byte> utf8Text) =>
        _reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && _reader.ValueTextEquals(utf8Text);
}

/// <summary>
/// A strict, allocation-free JSON tokenizer for the hot market-data path. It accepts a subset of JSON — objects,
/// arrays (nesting up to the configured depth), strings of printable ASCII without escapes, numbers in JSON grammar,
/// <c>true</c>, <c>false</c>, <c>null</c>, insignificant white space — and checks every byte against that grammar. Anything outside
/// the subset (escapes, non-ASCII text, control characters, malformed or truncated JSON, trailing bytes) sets
/// <see cref="Unsupported"/> and ends the read; callers then re-parse the frame with <see cref="Utf8JsonReader"/>, so
/// the outcome for any input is exactly the reference reader's. It is about twice as fast as
/// <see cref="Utf8JsonReader"/> because it tracks no line/position info, options, or partial-buffer state.
/// </summary>
internal ref struct FastJsonReader : IJsonTokenSource
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _maxDepth;
    private int _position;
    private int _tokenStart;
    private int _valueStart;
    private int _valueLength;
    private int _depth;
    private ulong _containers; // bit i set: the container at depth i+1 is an object
    private State _state;
    private JsonTokenType _tokenType;

    /// <summary>Creates a reader over a complete message allowing <paramref name="maxDepth"/> (at most 64) nested
    /// containers, the same limit as the reference reader's <see cref="JsonReaderOptions.MaxDepth"/>.</summary>
    public FastJsonReader(ReadOnlySpan<byte> utf8, int maxDepth = 64)
    {
        _buffer = utf8;
        _maxDepth = Math.Clamp(maxDepth, 1, 64);

        _state = State.Start;
    }

    private enum State : byte
    {
        Start,
        AfterObjectStart,
        AfterArrayStart,
        ExpectValue,
        AfterValue,
        Done,
        Unsupported,
    }

    /// <summary>True once the input left the supported subset (or was not valid JSON); re-parse with <see cref="Utf8JsonReader"/>.</summary>
    public readonly bool Unsupported => _state == State.Unsupported;

    /// <inheritdoc />
    public readonly JsonTokenType TokenType => _tokenType;

    /// <inheritdoc />
    public readonly ReadOnlySpan<byte> ValueSpan => _buffer.Slice(_valueStart, _valueLength);

    /// <inheritdoc />
    public readonly bool ValueIsEscaped => false;

    /// <inheritdoc />
    public readonly long TokenStartIndex => _tokenStart;

    /// <inheritdoc />
    public readonly bool ValueTextEquals(ReadOnlySpan<byte> utf8Text) =>
        _tokenType is JsonTokenType.String or JsonTokenType.PropertyName && ValueSpan.SequenceEqual(utf8Text);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Read()
    {
        var buffer = _buffer;
        var i = SkipWhiteSpace(_position);

        switch (_state)
        {
            case State.Start:
                if (i < buffer.Length && buffer[i] is (byte)'{' or (byte)'[')
                {
                    return ReadValue(i);
                }

                return Fail();

            case State.AfterObjectStart:
                if (i >= buffer.Length)
                {
                    return Fail();
                }

                return buffer[i] == (byte)'}' ? EndContainer(i, JsonTokenType.EndObject) : ReadPropertyName(i);

            case State.AfterArrayStart:
                if (i >= buffer.Length)
                {
                    return Fail();
                }

                return buffer[i] == (byte)']' ? EndContainer(i, JsonTokenType.EndArray) : ReadValue(i);

            case State.ExpectValue:
                return ReadValue(i);

            case State.AfterValue:
                if (_depth == 0)
                {
                    if (i != buffer.Length)
                    {
                        return Fail();
                    }

                    _state = State.Done;
                    return false;
                }

                if (i >= buffer.Length)
                {
                    return Fail();
                }

                var inObject = (_containers & (1UL << (_depth - 1))) != 0;
                var c = buffer[i];
                if (c == (byte)',')
                {
                    i++;
                    i = SkipWhiteSpace(i);

                    return inObject ? ReadPropertyName(i) : ReadValue(i);
                }

                if (c == (byte)'}' && inObject)
                {
                    return EndContainer(i, JsonTokenType.EndObject);
                }

                if (c == (byte)']' && !inObject)
                {
                    return EndContainer(i, JsonTokenType.EndArray);
                }

                return Fail();

            default:
                return false;
        }
    }

    /// <inheritdoc />
    public bool ReadProperty(out ReadOnlySpan<byte> name)
    {
        name = default;
        var buffer = _buffer;
        var i = SkipWhiteSpace(_position);

        // The common case in one step: name, colon and value without going back through Read's dispatch.
        if (i < buffer.Length && (_state == State.AfterObjectStart || (_state == State.AfterValue && _depth > 0 && (_containers & (1UL << (_depth - 1))) != 0)))
        {
            var c = buffer[i];
            if (c == (byte)'}')
            {
                EndContainer(i, JsonTokenType.EndObject);
                return false;
            }

            if (_state == State.AfterValue)
            {
                if (c != (byte)',')
                {
                    return Fail();
                }

                i++;
                i = SkipWhiteSpace(i);
            }

            if (!ReadPropertyName(i))
            {
                return false;
            }
        }
        else if (!Read() || _tokenType != JsonTokenType.PropertyName)
        {
            return false;
        }

        name = ValueSpan;
        i = _position;
        i = SkipWhiteSpace(i);

        return ReadValue(i);
    }

    /// <inheritdoc />
    public bool SkipRestOfArray()
    {
        // Scalars are scanned in a tight loop (each still checked against the grammar); a nested value or anything
        // unusual goes through the token-by-token path.
        var buffer = _buffer;
        if (_state == State.AfterValue && _depth > 0 && (_containers & (1UL << (_depth - 1))) == 0)
        {
            var i = _position;
            while (true)
            {
                i = SkipWhiteSpace(i);

                if (i >= buffer.Length)
                {
                    return Fail();
                }

                if (buffer[i] == (byte)']')
                {
                    EndContainer(i, JsonTokenType.EndArray);
                    return true;
                }

                if (buffer[i] != (byte)',')
                {
                    return Fail();
                }

                i++;
                i = SkipWhiteSpace(i);

                int end;
                if (i < buffer.Length && buffer[i] == (byte)'"')
                {
                    end = ScanString(i + 1);
                    end = end < 0 ? -1 : end + 1;
                }
                else if (i < buffer.Length && (buffer[i] == (byte)'-' || (uint)(buffer[i] - '0') <= 9))
                {
                    end = ScanNumber(i);
                }
                else
                {
                    _position = i;
                    _state = State.ExpectValue;
                    break;
                }

                if (end < 0)
                {
                    return Fail();
                }

                i = end;
            }
        }

        while (Read())
        {
            if (_tokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            Skip();
        }

        return false;
    }

    /// <inheritdoc />
    public void Skip()
    {
        if (_tokenType == JsonTokenType.PropertyName && !Read())
        {
            return;
        }

        if (_tokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var target = _depth - 1;
        while (_depth > target)
        {
            if (!Read())
            {
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWhiteSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    /// <summary>The first index at or after <paramref name="i"/> that is not insignificant white space.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int SkipWhiteSpace(int i)
    {
        var buffer = _buffer;
        while (i < buffer.Length && buffer[i] <= (byte)' ' && IsWhiteSpace(buffer[i]))
        {
            i++;
        }

        return i;
    }

    private bool Fail()
    {
        _state = State.Unsupported;
        _tokenType = JsonTokenType.None;
        _valueLength = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool EndContainer(int i, JsonTokenType type)
    {
        _depth--;
        _tokenType = type;
        _tokenStart = i;
        _valueStart = i;
        _valueLength = 1;
        _position = i + 1;
        _state = State.AfterValue;
        return true;
    }

    private bool ReadPropertyName(int i)
    {
        if (i >= _buffer.Length || _buffer[i] != (byte)'"')
        {
            return Fail();
        }

        var end = ScanString(i + 1);
        if (end < 0)
        {
            return Fail();
        }

        var j = end + 1;
        j = SkipWhiteSpace(j);

        if (j >= _buffer.Length || _buffer[j] != (byte)':')
        {
            return Fail();
        }

        _tokenType = JsonTokenType.PropertyName;
        _tokenStart = i;
        _valueStart = i + 1;
        _valueLength = end - i - 1;
        _position = j + 1;
        _state = State.ExpectValue;
        return true;
    }

    private bool ReadValue(int i)
    {
        var buffer = _buffer;
        if (i >= buffer.Length)
        {
            return Fail();
        }

        _tokenStart = i;
        var c = buffer[i];
        switch (c)
        {
            case (byte)'"':
            {
                var end = ScanString(i + 1);
                if (end < 0)
                {
                    return Fail();
                }

                return Value(JsonTokenType.String, i + 1, end - i - 1, end + 1);
            }

            case (byte)'{':
            case (byte)'[':
                if (_depth == _maxDepth)
                {
                    return Fail();
                }

                var isObject = c == (byte)'{';
                if (isObject)
                {
                    _containers |= 1UL << _depth;
                }
                else
                {
                    _containers &= ~(1UL << _depth);
                }

                _depth++;
                _tokenType = isObject ? JsonTokenType.StartObject : JsonTokenType.StartArray;
                _valueStart = i;
                _valueLength = 1;
                _position = i + 1;
                _state = isObject ? State.AfterObjectStart : State.AfterArrayStart;
                return true;

            case (byte)'t':
                return Literal(i, "true"u8, JsonTokenType.True);

            case (byte)'f':
                return Literal(i, "false"u8, JsonTokenType.False);

            case (byte)'n':
                return Literal(i, "null"u8, JsonTokenType.Null);

            default:
                var numberEnd = ScanNumber(i);
                return numberEnd < 0 ? Fail() : Value(JsonTokenType.Number, i, numberEnd - i, numberEnd);
        }
    }

    private bool Literal(int i, ReadOnlySpan<byte> literal, JsonTokenType type)
    {
        if (!_buffer[i..].StartsWith(literal))
        {
            return Fail();
        }

        var end = i + literal.Length;
        if (end < _buffer.Length && IsIdentifierByte(_buffer[end]))
        {
            return Fail();
        }

        return Value(type, i, literal.Length, end);
    }

    private static bool IsIdentifierByte(byte c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Value(JsonTokenType type, int start, int length, int next)
    {
        _tokenType = type;
        _valueStart = start;
        _valueLength = length;
        _position = next;
        _state = State.AfterValue;
        return true;
    }

    /// <summary>Class of each byte inside a string: 0 plain (printable ASCII), 1 the closing quote, 2 unsupported
    /// (control character, backslash, non-ASCII).</summary>
    private static ReadOnlySpan<byte> StringByteClass =>
    [
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    ];

    /// <summary>Index of the closing quote of a string whose contents start at <paramref name="i"/>, or -1 when it
    /// is unterminated or holds an escape, a control character or a non-ASCII byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int ScanString(int i)
    {
        var buffer = _buffer;
        var classes = StringByteClass;
        for (; (uint)i < (uint)buffer.Length; i++)
        {
            var k = classes[buffer[i]];
            if (k != 0)
            {
                return k == 1 ? i : -1;
            }
        }

        return -1;
    }

    /// <summary>End of a JSON number (<c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>) starting at
    /// <paramref name="i"/>, or -1. The byte after it must be a delimiter.</summary>
    private readonly int ScanNumber(int i)
    {
        var buffer = _buffer;
        if (i < buffer.Length && buffer[i] == (byte)'-')
        {
            i++;
        }

        if (i >= buffer.Length)
        {
            return -1;
        }

        if (buffer[i] == (byte)'0')
        {
            i++;
        }
        else if ((uint)(buffer[i] - '1') <= 8)
        {
            i = Digits(buffer, i);
        }
        else
        {
            return -1;
        }

        if (i < buffer.Length && buffer[i] == (byte)'.')
        {
            var start = ++i;
            i = Digits(buffer, i);
            if (i == start)
            {
                return -1;
            }
        }

        if (i < buffer.Length && (buffer[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < buffer.Length && buffer[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var start = i;
            i = Digits(buffer, i);
            if (i == start)
            {
                return -1;
            }
        }

        if (i < buffer.Length && buffer[i] is not ((byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
        {
            return -1;
        }

        return i;
    }

    private static int Digits(ReadOnlySpan<byte> buffer, int i)
    {
        while (i < buffer.Length && (uint)(buffer[i] - '0') <= 9)
        {
            i++;
        }

        return i;
    }
}
