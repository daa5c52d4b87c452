using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace SoundBoxSim.Voice.Synthesis;

/// <summary>
/// libespeak-ng through P/Invoke, in synchronous mode: samples arrive through a callback while
/// <c>espeak_Synth</c> runs. The library holds global state, so every call is serialised under one lock.
/// </summary>
internal static unsafe partial class EspeakNative
{
    private const string Library = "espeak-ng";
    private const int AudioOutputSynchronous = 2;
    private const int InitializeDontExit = 0x8000;
    private const int ParameterRate = 1;
    private const int ParameterVolume = 2;
    private const int PositionCharacter = 1;
    private const uint CharsUtf8 = 1;
    private const uint EndPause = 0x1000;

    private static readonly Lock Gate = new();
    private static readonly ArrayBufferWriter<short> Buffer = new(1 << 16);
    private static int _sampleRate;
    private static string? _loadError;

    static EspeakNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(EspeakNative).Assembly, (name, assembly, path) =>
        {
            if (name != Library)
            {
                return IntPtr.Zero;
            }

            foreach (var candidate in new[] { "libespeak-ng.so.1", "libespeak-ng.so", "libespeak-ng.dylib", "libespeak-ng.dll" })
            {
                if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle))
                {
                    return handle;
                }
            }

            return IntPtr.Zero;
        });
    }

    /// <summary>Loads and initialises the library once; returns null when ready, or why it is not.</summary>
    public static string? TryInitialize()
    {
        lock (Gate)
        {
            if (_sampleRate > 0 || _loadError is not null)
            {
                return _loadError;
            }

            try
            {
                var rate = espeak_Initialize(AudioOutputSynchronous, 500, null, InitializeDontExit);
                if (rate <= 0)
                {
                    return _loadError = "espeak_Initialize failed (is the espeak-ng-data folder installed?)";
                }

                espeak_SetSynthCallback(&OnSamples);
                _sampleRate = rate;
                return null;
            }
            catch (DllNotFoundException)
            {
                return _loadError = "libespeak-ng.so.1 is not installed (Debian package libespeak-ng1, pulled in by espeak-ng)";
            }
        }
    }

    /// <summary>Speaks <paramref name="text"/> with <paramref name="voice"/> and returns the samples and their rate.</summary>
    public static (int SampleRate, short[] Samples) Synthesize(string text, string voice, int wordsPerMinute, int volume)
    {
        var error = TryInitialize();
        if (error is not null)
        {
            throw new SpeechSynthesisException($"espeak-ng cannot run in-process: {error}.");
        }

        var utf8 = Encoding.UTF8.GetBytes(text + "\0");
        lock (Gate)
        {
            if (espeak_SetVoiceByName(voice) != 0)
            {
                throw new SpeechSynthesisException($"espeak-ng has no voice '{voice}'; list them with: espeak-ng --voices=vi.");
            }

            espeak_SetParameter(ParameterRate, wordsPerMinute, 0);
            espeak_SetParameter(ParameterVolume, volume, 0);
            Buffer.ResetWrittenCount();
            fixed (byte* pointer = utf8)
            {
                var status = espeak_Synth(pointer, (nuint)utf8.Length, 0, PositionCharacter, 0, CharsUtf8 | EndPause, null, null);
                if (status != 0 || espeak_Synchronize() != 0)
                {
                    throw new SpeechSynthesisException($"espeak_Synth failed with status {status}.");
                }
            }

            return (_sampleRate, Buffer.WrittenSpan.ToArray());
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnSamples(short* samples, int count, IntPtr events)
    {
        // Called on the synthesising thread, inside espeak_Synth, while Gate is held.
        if (samples is not null && count > 0)
        {
            new ReadOnlySpan<short>(samples, count).CopyTo(Buffer.GetSpan(count));
            Buffer.Advance(count);
        }

        return 0; // 0 = go on
    }

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int espeak_Initialize(int output, int bufferLength, string? path, int options);

    [LibraryImport(Library)]
    private static partial void espeak_SetSynthCallback(delegate* unmanaged[Cdecl]<short*, int, IntPtr, int> callback);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int espeak_SetVoiceByName(string name);

    [LibraryImport(Library)]
    private static partial int espeak_SetParameter(int parameter, int value, int relative);

    [LibraryImport(Library)]
    private static partial int espeak_Synth(void* text, nuint size, uint position, int positionType, uint endPosition, uint flags, uint* uniqueIdentifier, void* userData);

    [LibraryImport(Library)]
    private static partial int espeak_Synchronize();
}
