CREATE TABLE entries (
    id BIGSERIAL PRIMARY KEY,
    person TEXT NOT NULL,
    day DATE NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0)
);
