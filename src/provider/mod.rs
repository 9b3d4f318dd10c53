//! The bundled reference provider (placeholder).
