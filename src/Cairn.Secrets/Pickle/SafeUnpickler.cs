using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Cairn.Secrets.Pickle;

/// <summary>
/// Reads Python pickles (protocols 2 to 5) of plain data only: str, int, float, bool, None, list, dict
/// with str keys, tuple. Never imports, constructs or calls anything; any other opcode is a
/// <see cref="PickleException"/>. Values come back as <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, null, <see cref="IReadOnlyList{T}"/> (list),
/// <see cref="PickleTuple"/> (tuple) and <see cref="IReadOnlyDictionary{TKey, TValue}"/> (dict).
/// </summary>
public static class SafeUnpickler
{
    public static object? Load(ReadOnlySpan<byte> pickle) => new Machine(pickle.ToArray()).Run();

    /// <summary>One unpickling run: the byte cursor, the value stack with its marks, and the memo.</summary>
    private sealed class Machine
    {
        private const int HighestProtocol = 5;

        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private readonly byte[] data;
        private readonly List<object?> stack = [];
        private readonly Stack<int> marks = new();
        private readonly Dictionary<long, object?> memo = [];
        private int position;
        private int opcodeOffset;

        public Machine(byte[] data)
        {
            this.data = data;
        }

        public object? Run()
        {
            while (true)
            {
                opcodeOffset = position;
                byte opcode = ReadByte();
                if (opcode == PickleOpcode.Stop)
                {
                    if (stack.Count != 1 || marks.Count != 0)
                    {
                        throw Fail($"STOP with {stack.Count} values and {marks.Count} open marks on the stack");
                    }

                    return stack[0];
                }

                Execute(opcode);
            }
        }

        private void Execute(byte opcode)
        {
            switch (opcode)
            {
                case PickleOpcode.Proto:
                    byte protocol = ReadByte();
                    if (protocol is < 2 or > HighestProtocol)
                    {
                        throw Fail($"protocol {protocol} is not supported (2 to {HighestProtocol})");
                    }

                    break;
                case PickleOpcode.Frame:
                    // Frames only help buffered readers; check the length is sane and read on.
                    ulong frameLength = BinaryPrimitives.ReadUInt64LittleEndian(Read(8));
                    if (frameLength > (ulong)(data.Length - position))
                    {
                        throw Fail("frame is longer than the data");
                    }

                    break;
                case PickleOpcode.Mark:
                    marks.Push(stack.Count);
                    break;
                case PickleOpcode.Pop:
                    Pop();
                    break;
                case PickleOpcode.PopMark:
                    PopToMark();
                    break;

                case PickleOpcode.None:
                    Push(null);
                    break;
                case PickleOpcode.NewTrue:
                    Push(true);
                    break;
                case PickleOpcode.NewFalse:
                    Push(false);
                    break;
                case PickleOpcode.BinInt:
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(Read(4)));
                    break;
                case PickleOpcode.BinInt1:
                    Push((long)ReadByte());
                    break;
                case PickleOpcode.BinInt2:
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Read(2)));
                    break;
                case PickleOpcode.Long1:
                    Push(ReadLong(ReadByte()));
                    break;
                case PickleOpcode.Long4:
                    int longLength = BinaryPrimitives.ReadInt32LittleEndian(Read(4));
                    if (longLength < 0)
                    {
                        throw Fail("negative integer length");
                    }

                    Push(ReadLong(longLength));
                    break;
                case PickleOpcode.BinFloat:
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Read(8)));
                    break;

                case PickleOpcode.ShortBinUnicode:
                    Push(ReadString(ReadByte()));
                    break;
                case PickleOpcode.BinUnicode:
                    Push(ReadString(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))));
                    break;
                case PickleOpcode.BinUnicode8:
                    Push(ReadString(BinaryPrimitives.ReadUInt64LittleEndian(Read(8))));
                    break;

                case PickleOpcode.EmptyList:
                    Push(new List<object?>());
                    break;
                case PickleOpcode.List:
                    Push(PopToMark());
                    break;
                case PickleOpcode.Append:
                    object? item = Pop();
                    PeekList().Add(item);
                    break;
                case PickleOpcode.Appends:
                    List<object?> items = PopToMark();
                    PeekList().AddRange(items);
                    break;
                case PickleOpcode.EmptyDict:
                    Push(new Dictionary<string, object?>(StringComparer.Ordinal));
                    break;
                case PickleOpcode.Dict:
                    var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                    SetItems(dict, PopToMark());
                    Push(dict);
                    break;
                case PickleOpcode.SetItem:
                    object? value = Pop();
                    object? key = Pop();
                    SetItems(PeekDict(), [key, value]);
                    break;
                case PickleOpcode.SetItems:
                    List<object?> pairs = PopToMark();
                    SetItems(PeekDict(), pairs);
                    break;
                case PickleOpcode.EmptyTuple:
                    Push(new PickleTuple([]));
                    break;
                case PickleOpcode.Tuple1:
                case PickleOpcode.Tuple2:
                case PickleOpcode.Tuple3:
                    Push(new PickleTuple(PopLast(opcode - PickleOpcode.Tuple1 + 1)));
                    break;
                case PickleOpcode.Tuple:
                    Push(new PickleTuple(PopToMark()));
                    break;

                case PickleOpcode.Memoize:
                    memo[memo.Count] = Peek();
                    break;
                case PickleOpcode.BinPut:
                    memo[ReadByte()] = Peek();
                    break;
                case PickleOpcode.LongBinPut:
                    memo[BinaryPrimitives.ReadUInt32LittleEndian(Read(4))] = Peek();
                    break;
                case PickleOpcode.BinGet:
                    Push(MemoGet(ReadByte()));
                    break;
                case PickleOpcode.LongBinGet:
                    Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))));
                    break;

                default:
                    throw PickleOpcode.RunsCode(opcode)
                        ? Fail($"opcode {Describe(opcode)} would import or run Python code and is refused")
                        : Fail($"opcode {Describe(opcode)} is not supported");
            }
        }

        private void SetItems(Dictionary<string, object?> dict, List<object?> keysAndValues)
        {
            if (keysAndValues.Count % 2 != 0)
            {
                throw Fail("odd number of items for a dict");
            }

            for (int i = 0; i < keysAndValues.Count; i += 2)
            {
                if (keysAndValues[i] is not string key)
                {
                    throw Fail($"dict key of type {TypeName(keysAndValues[i])} is not supported (only str)");
                }

                // Later keys win, as in Python.
                dict[key] = keysAndValues[i + 1];
            }
        }

        private long ReadLong(int length)
        {
            // Python writes the shortest two's complement form; every long fits in 8 bytes.
            if (length > 8)
            {
                throw Fail($"integer of {length} bytes does not fit in 64 bits");
            }

            return length == 0 ? 0 : (long)new BigInteger(Read(length), isUnsigned: false, isBigEndian: false);
        }

        private string ReadString(ulong length)
        {
            if (length > (ulong)(data.Length - position))
            {
                throw Fail($"string of {length} bytes is longer than the data");
            }

            try
            {
                return StrictUtf8.GetString(Read((int)length));
            }
            catch (DecoderFallbackException)
            {
                // The decoder's own message quotes the bytes, which may be secret.
                throw Fail("string is not valid UTF-8");
            }
        }

        private object? MemoGet(long index) =>
            memo.TryGetValue(index, out object? value) ? value : throw Fail($"memo entry {index} does not exist");

        private List<object?> PeekList() =>
            Peek() as List<object?> ?? throw Fail($"cannot append to a {TypeName(Peek())}");

        private Dictionary<string, object?> PeekDict() =>
            Peek() as Dictionary<string, object?> ?? throw Fail($"cannot set items on a {TypeName(Peek())}");

        private void Push(object? value) => stack.Add(value);

        private object? Peek()
        {
            int floor = marks.Count > 0 ? marks.Peek() : 0;
            return stack.Count > floor ? stack[^1] : throw Fail("stack underflow");
        }

        private object? Pop()
        {
            object? value = Peek();
            stack.RemoveAt(stack.Count - 1);
            return value;
        }

        private List<object?> PopLast(int count)
        {
            int floor = marks.Count > 0 ? marks.Peek() : 0;
            if (stack.Count - floor < count)
            {
                throw Fail("stack underflow");
            }

            List<object?> items = stack.GetRange(stack.Count - count, count);
            stack.RemoveRange(stack.Count - count, count);
            return items;
        }

        private List<object?> PopToMark()
        {
            if (marks.Count == 0)
            {
                throw Fail("no MARK on the stack");
            }

            int start = marks.Pop();
            List<object?> items = stack.GetRange(start, stack.Count - start);
            stack.RemoveRange(start, stack.Count - start);
            return items;
        }

        private byte ReadByte() => Read(1)[0];

        private ReadOnlySpan<byte> Read(int count)
        {
            if (count > data.Length - position)
            {
                throw Fail("unexpected end of data");
            }

            var span = new ReadOnlySpan<byte>(data, position, count);
            position += count;
            return span;
        }

        private PickleException Fail(string reason) =>
            new($"Cannot read pickle at offset {opcodeOffset}: {reason}.");

        private static string Describe(byte opcode) =>
            opcode is >= 0x20 and < 0x7f ? $"0x{opcode:x2} ('{(char)opcode}')" : $"0x{opcode:x2}";

        private static string TypeName(object? value) => value switch
        {
            null => "None",
            string => "str",
            long => "int",
            double => "float",
            bool => "bool",
            PickleTuple => "tuple",
            List<object?> => "list",
            Dictionary<string, object?> => "dict",
            _ => value.GetType().Name,
        };
    }
}
