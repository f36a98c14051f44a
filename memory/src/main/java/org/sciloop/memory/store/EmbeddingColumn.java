package org.sciloop.memory.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * How a database keeps passage embeddings: as pgvector's {@code vector} on a PostgreSQL that has the extension
 * (ranked there, with its cosine distance), else as little-endian float bytes (H2, or PostgreSQL without it;
 * ranked in this process). A table made one way stays that way: the column's type says which.
 */
enum EmbeddingColumn {
    PGVECTOR, BYTES;

    /** Makes the embeddings table if it is missing, with pgvector where the database has or can load it. */
    static EmbeddingColumn create(Connection connection) throws SQLException {
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                .contains("postgres");
        boolean vector = false;
        if (postgres) {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS vector");
                vector = true;
            } catch (SQLException notInstalled) {
                // the server lacks pgvector (or the right to load it): bytes, ranked here
            }
        }
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS passage_embeddings (model VARCHAR(200) NOT NULL,"
                    + " text_hash CHAR(64) NOT NULL, embedding " + (vector ? "vector" : "BYTEA") + " NOT NULL,"
                    + " PRIMARY KEY (model, text_hash))");
        }
        try (ResultSet r = connection.getMetaData().getColumns(null, null,
                postgres ? "passage_embeddings" : "PASSAGE_EMBEDDINGS", postgres ? "embedding" : "EMBEDDING")) {
            return r.next() && "vector".equalsIgnoreCase(r.getString("TYPE_NAME")) ? PGVECTOR : BYTES;
        }
    }

    boolean ranksInDatabase() {
        return this == PGVECTOR;
    }

    /** The SQL that takes an embedding as a statement parameter. */
    String parameter() {
        return this == PGVECTOR ? "CAST(? AS vector)" : "?";
    }

    void bind(PreparedStatement statement, int index, float[] embedding) throws SQLException {
        if (this == PGVECTOR) {
            statement.setString(index, literal(embedding));
        } else {
            ByteBuffer bytes = ByteBuffer.allocate(4 * embedding.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : embedding) {
                bytes.putFloat(f);
            }
            statement.setBytes(index, bytes.array());
        }
    }

    /** pgvector's text form of an embedding: {@code [0.1,0.2,...]}. */
    String literal(float[] embedding) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < embedding.length; i++) {
            text.append(i == 0 ? "" : ",").append(embedding[i]);
        }
        return text.append(']').toString();
    }

    float[] read(ResultSet row, String column) throws SQLException {
        if (this == PGVECTOR) {
            String text = row.getString(column);
            String[] parts = text.substring(1, text.length() - 1).split(",");
            float[] embedding = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                embedding[i] = Float.parseFloat(parts[i]);
            }
            return embedding;
        }
        ByteBuffer bytes = ByteBuffer.wrap(row.getBytes(column)).order(ByteOrder.LITTLE_ENDIAN);
        float[] embedding = new float[bytes.remaining() / 4];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = bytes.getFloat();
        }
        return embedding;
    }
}
