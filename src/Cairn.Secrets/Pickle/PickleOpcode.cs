namespace Cairn.Secrets.Pickle;

/// <summary>The pickle opcodes <see cref="SafeUnpickler"/> knows by name (CPython Lib/pickle.py).</summary>
internal static class PickleOpcode
{
    // Framing and control.
    public const byte Proto = 0x80;
    public const byte Frame = 0x95;
    public const byte Stop = (byte)'.';
    public const byte Mark = (byte)'(';
    public const byte Pop = (byte)'0';
    public const byte PopMark = (byte)'1';

    // Constants and numbers.
    public const byte None = (byte)'N';
    public const byte NewTrue = 0x88;
    public const byte NewFalse = 0x89;
    public const byte BinInt = (byte)'J';
    public const byte BinInt1 = (byte)'K';
    public const byte BinInt2 = (byte)'M';
    public const byte Long1 = 0x8a;
    public const byte Long4 = 0x8b;
    public const byte BinFloat = (byte)'G';

    // Strings.
    public const byte ShortBinUnicode = 0x8c;
    public const byte BinUnicode = (byte)'X';
    public const byte BinUnicode8 = 0x8d;

    // Containers.
    public const byte EmptyList = (byte)']';
    public const byte Append = (byte)'a';
    public const byte Appends = (byte)'e';
    public const byte List = (byte)'l';
    public const byte EmptyDict = (byte)'}';
    public const byte SetItem = (byte)'s';
    public const byte SetItems = (byte)'u';
    public const byte Dict = (byte)'d';
    public const byte EmptyTuple = (byte)')';
    public const byte Tuple1 = 0x85;
    public const byte Tuple2 = 0x86;
    public const byte Tuple3 = 0x87;
    public const byte Tuple = (byte)'t';

    // Memo.
    public const byte Memoize = 0x94;
    public const byte BinPut = (byte)'q';
    public const byte LongBinPut = (byte)'r';
    public const byte BinGet = (byte)'h';
    public const byte LongBinGet = (byte)'j';

    // Refused on purpose: these import or call Python code.
    public const byte Global = (byte)'c';
    public const byte StackGlobal = 0x93;
    public const byte Reduce = (byte)'R';
    public const byte Build = (byte)'b';
    public const byte Inst = (byte)'i';
    public const byte Obj = (byte)'o';
    public const byte NewObj = 0x81;
    public const byte NewObjEx = 0x92;
    public const byte Ext1 = 0x82;
    public const byte Ext2 = 0x83;
    public const byte Ext4 = 0x84;
    public const byte PersId = (byte)'P';
    public const byte BinPersId = (byte)'Q';

    public static bool RunsCode(byte opcode) => opcode is Global or StackGlobal or Reduce or Build or Inst or Obj
        or NewObj or NewObjEx or Ext1 or Ext2 or Ext4 or PersId or BinPersId;
}
