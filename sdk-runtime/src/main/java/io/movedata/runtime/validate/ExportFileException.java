package io.movedata.runtime.validate;

import io.movedata.api.ErrorKind;
import io.movedata.api.MovedataException;

/**
 * An export file that cannot be read as the other side's rows: a value that cannot be cast to its
 * column's type, a missing or unknown column, a line that is not a JSON object or a CSV record
 * ({@link ErrorKind#INVALID_INPUT}). The message names the file, the line and the column.
 *
 * <p>Thrown on executors, where only the byte offset of the line is known; {@link Validator} turns
 * the offset into a line number on the driver (see {@link #atLine}).
 */
public final class ExportFileException extends MovedataException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long byteOffset;
    private final long line;
    private final String detail;

    ExportFileException(String file, long byteOffset, long line, String detail) {
        super(ErrorKind.INVALID_INPUT, "File " + file + (line > 0 ? ", line " + line : ", byte " + byteOffset) + ": " + detail);
        this.file = file;
        this.byteOffset = byteOffset;
        this.line = line;
        this.detail = detail;
    }

    /** The file at fault (a file of the directory when a directory was given). */
    public String file() {
        return file;
    }

    /** Where the line at fault starts in the file. */
    public long byteOffset() {
        return byteOffset;
    }

    /** The line at fault, from 1; 0 while only its byte offset is known. */
    public long line() {
        return line;
    }

    /** The problem, without the location. */
    public String detail() {
        return detail;
    }

    /** The same problem with its line number. */
    ExportFileException atLine(long lineNumber) {
        return new ExportFileException(file, byteOffset, lineNumber, detail);
    }
}
