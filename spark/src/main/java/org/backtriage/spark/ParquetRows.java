package org.backtriage.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.backtriage.batch.RawRecord;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * Parquet intakes: columns named as the contract's fields ({@code redFlags} and {@code routine} as
 * structs, {@code regions} and {@code conditions} as lists). Each row becomes the contract's JSON (Spark's
 * {@code to_json}; a null column is an absent field) and goes through the same validation as any other
 * record. A row's location is {@code file:N}, N its 1-based row number in the file.
 */
final class ParquetRows {
    private ParquetRows() {
    }

    static Dataset<Row> scan(SparkSession spark, List<InputFile> files) {
        // files written at different times may differ in optional columns: merge their schemas
        Dataset<Row> rows = spark.read().option("mergeSchema", "true").parquet(InputFile.paths(files));
        Column[] fields = Arrays.stream(rows.columns()).map(rows::col).toArray(Column[]::new);
        return rows.select(to_json(struct(fields)).as("json"), col("_metadata.file_path").as("file"),
                col("_metadata.row_index").as("row"));
    }

    /** Each row as the text of a record, located by file and row. */
    record Source(Broadcast<Map<String, InputFile>> files, LongAccumulator recordsIn) implements RecordSource {
        @Override
        public Iterator<RawRecord> records(Iterator<Row> rows, ObjectMapper json) {
            Map<String, InputFile> byUri = files.value();
            return new Iterator<>() {
                private String lastFile;
                private InputFile lastInput;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public RawRecord next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Row row = rows.next();
                    String file = row.getString(1);
                    if (!file.equals(lastFile)) {
                        lastInput = InputFile.named(byUri, file);
                        lastFile = file;
                        if (lastInput == null) {
                            throw new IllegalStateException("Spark read a file that was not asked for: " + file);
                        }
                    }
                    recordsIn.add(1);
                    return RawRecord.ofText(lastInput.displayName() + ":" + (row.getLong(2) + 1), row.getString(0));
                }
            };
        }
    }
}
