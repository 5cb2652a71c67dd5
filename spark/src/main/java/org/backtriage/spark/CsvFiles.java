package org.backtriage.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.backtriage.batch.Input;
import org.backtriage.batch.InputFormat;
import org.backtriage.batch.RawRecord;
import org.backtriage.batch.RecordReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * CSV files, each read whole, in one task, by {@code evaluate}'s own reader. A CSV file is not split:
 * a record may run over several lines (a quoted line break), and the reader's state (the header, a run
 * of syntax errors) belongs to the whole file, so only the whole file means what it means to
 * {@code evaluate}. The tasks are as many as the CSV files; each streams its file, so memory stays flat.
 */
final class CsvFiles {
    private static final StructType FILES = new StructType()
            .add("uri", DataTypes.StringType, false)
            .add("name", DataTypes.StringType, false);

    private CsvFiles() {
    }

    /** One row per file ({@code uri}, display {@code name}), one partition per file. */
    static Dataset<Row> scan(SparkSession spark, List<InputFile> files) {
        List<Row> rows = files.stream().map(f -> RowFactory.create(f.uri(), f.displayName())).toList();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(context.parallelize(rows, rows.size()), FILES);
    }

    /** The records of each file in the partition, located {@code name:line} by the reader itself. */
    record Source(Broadcast<SerializableConfiguration> hadoop, LongAccumulator recordsIn) implements RecordSource {
        @Override
        public Iterator<RawRecord> records(Iterator<Row> files, ObjectMapper json) {
            return new Iterator<>() {
                private RecordReader reader;
                private RawRecord next;

                @Override
                public boolean hasNext() {
                    try {
                        while (next == null) {
                            if (reader == null) {
                                if (!files.hasNext()) {
                                    return false;
                                }
                                Row file = files.next();
                                Path path = new Path(file.getString(0));
                                FileSystem fs = path.getFileSystem(hadoop.value().value());
                                reader = new Input(file.getString(1), null, InputFormat.CSV).open(fs.open(path), json);
                            }
                            next = reader.next();
                            if (next == null) {
                                reader.close();
                                reader = null;
                            }
                        }
                        return true;
                    } catch (IOException e) {
                        // fails the task (Spark retries it): a file that cannot be read is no record's error
                        throw new UncheckedIOException("reading a CSV input", e);
                    }
                }

                @Override
                public RawRecord next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    RawRecord record = next;
                    next = null;
                    recordsIn.add(1);
                    return record;
                }
            };
        }
    }
}
