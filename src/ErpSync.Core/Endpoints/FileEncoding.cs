using System.IO;
using System.Text;

namespace ErpSync.Core.Endpoints
{
    /// <summary>
    /// Picks the encoding of a text file: a byte order mark wins, then the endpoint's setting, then
    /// strict UTF-8, which fails on bytes that are not UTF-8 instead of turning them into '?'.
    /// </summary>
    public static class FileEncoding
    {
        public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>Returns the encoding to read the file with and whether it starts with a byte order mark.</summary>
        public static Encoding Detect(string path, Encoding? configured, out bool hasByteOrderMark)
        {
            var head = new byte[64];
            int read;
            using (var stream = File.OpenRead(path))
            {
                read = stream.Read(head, 0, head.Length);
            }

            hasByteOrderMark = true;
            if (read >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
            {
                return new UTF8Encoding(true, true);
            }

            if (read >= 2 && head[0] == 0xFF && head[1] == 0xFE)
            {
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true);
            }

            if (read >= 2 && head[0] == 0xFE && head[1] == 0xFF)
            {
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true);
            }

            hasByteOrderMark = false;
            if (configured == null && LooksLikeUtf16(head, read))
            {
                throw new ErpSyncException(
                    ErrorIds.FileEncodingInvalid,
                    $"The file '{path}' looks like UTF-16 without a byte order mark: every other byte is zero. Pass -Encoding utf-16 (or utf-16BE), or save the file as UTF-8.");
            }

            return configured ?? StrictUtf8;
        }

        /// <summary>Returns whether the file starts like UTF-16 text: zero bytes at every odd or every even position. UTF-8 text has no zero bytes.</summary>
        private static bool LooksLikeUtf16(byte[] head, int read)
        {
            var pairs = read / 2;
            if (pairs < 2)
            {
                return false;
            }

            var evenZeros = 0;
            var oddZeros = 0;
            for (var i = 0; i < pairs * 2; i += 2)
            {
                evenZeros += head[i] == 0 ? 1 : 0;
                oddZeros += head[i + 1] == 0 ? 1 : 0;
            }

            return evenZeros == pairs || oddZeros == pairs;
        }

        /// <summary>Returns an encoding by name or code page, such as utf-8, utf-16 or windows-1252.</summary>
        public static Encoding Resolve(string nameOrCodePage)
        {
            RegisterCodePages();
            var text = nameOrCodePage.Trim();
            try
            {
                var encoding = int.TryParse(text, out var codePage) ? Encoding.GetEncoding(codePage) : Encoding.GetEncoding(text);
                return encoding.CodePage == 65001 ? StrictUtf8 : encoding;
            }
            catch (System.ArgumentException)
            {
                throw new ErpSyncException(ErrorIds.EndpointInvalid, $"The encoding '{nameOrCodePage}' is not known. Use a name such as utf-8, utf-16 or windows-1252.", kind: ErrorKind.InvalidArgument);
            }
            catch (System.NotSupportedException)
            {
                throw new ErpSyncException(ErrorIds.EndpointInvalid, $"The encoding '{nameOrCodePage}' is not supported here. Use a name such as utf-8, utf-16 or windows-1252.", kind: ErrorKind.InvalidArgument);
            }
        }

        /// <summary>
        /// Returns the 1-based line of the first byte sequence that is not valid in the encoding, or
        /// null when the whole file decodes. Readers decode ahead in buffers, so the line they are on
        /// when decoding fails is not the line of the bad bytes.
        /// </summary>
        public static long? FindInvalidLine(string path, Encoding encoding)
        {
            var decoder = encoding.GetDecoder();
            var buffer = new byte[64 * 1024];
            var chars = new char[encoding.GetMaxCharCount(buffer.Length)];
            long line = 1;
            using var stream = File.OpenRead(path);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                int count;
                try
                {
                    count = decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
                }
                catch (DecoderFallbackException ex)
                {
                    // The bytes before the bad sequence are valid, so they are decoded again to count their line breaks.
                    var valid = System.Math.Max(0, System.Math.Min(read, ex.Index));
                    var before = encoding.GetDecoder().GetChars(buffer, 0, valid, chars, 0, flush: false);
                    return line + CountLineBreaks(chars, before);
                }

                line += CountLineBreaks(chars, count);
            }

            return null;
        }

        private static int CountLineBreaks(char[] chars, int count)
        {
            var breaks = 0;
            for (var i = 0; i < count; i++)
            {
                if (chars[i] == '\n')
                {
                    breaks++;
                }
            }

            return breaks;
        }

        private static void RegisterCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }
}
