package dev.faas.gateway.keys;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * API keys in the {@code gateway} schema. The secret is stored as given here, already encrypted by the caller with
 * the master key (the key API and the TC3 verifier come with issue #3). Blocking JDBC: call it off the event loop.
 */
@Repository
public class AccessKeyRepository {
    private final JdbcClient jdbc;

    AccessKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record AccessKey(String secretId, byte[] secretKeyEncrypted, String ownerUin, String description, String status,
                            Instant createdAt) {
    }

    public void insert(AccessKey key) {
        jdbc.sql("""
                INSERT INTO access_key (secret_id, secret_key_enc, owner_uin, description, status, created_at)
                VALUES (:id, :secret, :uin, :description, :status, :created)
                """)
                .param("id", key.secretId()).param("secret", key.secretKeyEncrypted()).param("uin", key.ownerUin())
                .param("description", key.description()).param("status", key.status()).param("created", Timestamp.from(key.createdAt()))
                .update();
    }

    public Optional<AccessKey> find(String secretId) {
        return jdbc.sql("SELECT * FROM access_key WHERE secret_id = :id").param("id", secretId)
                .query((rs, n) -> new AccessKey(rs.getString("secret_id"), rs.getBytes("secret_key_enc"), rs.getString("owner_uin"),
                        rs.getString("description"), rs.getString("status"), rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    public List<String> ids() {
        return jdbc.sql("SELECT secret_id FROM access_key ORDER BY created_at").query(String.class).list();
    }

    public boolean setStatus(String secretId, String status) {
        return jdbc.sql("UPDATE access_key SET status = :status WHERE secret_id = :id").param("id", secretId).param("status", status).update() > 0;
    }

    public boolean delete(String secretId) {
        return jdbc.sql("DELETE FROM access_key WHERE secret_id = :id").param("id", secretId).update() > 0;
    }
}
