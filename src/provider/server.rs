//! Starting and stopping a reference provider on a socket.

use super::options::ProviderOptions;
use super::profile::profile_yaml;
use super::state::ProviderState;
use crate::curve::Curve;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A reference provider serving in the background of the current tokio runtime.
pub struct RunningProvider {
    addr: SocketAddr,
    state: Arc<ProviderState>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

/// Binds `listen` (port 0 picks a free port) and serves [`super::app`] until
/// [`RunningProvider::shutdown`]. Fails on a bad secret key or a socket error.
pub async fn start(opts: ProviderOptions, listen: SocketAddr) -> std::io::Result<RunningProvider> {
    let state = Arc::new(ProviderState::new(&opts)?);
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let app = super::throttle::wrap(super::app(state.clone()), opts.latency_ms, opts.rate_limit);
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                // A dropped sender also stops the server.
                let _ = stopped.await;
            })
            .await
    });
    Ok(RunningProvider {
        addr,
        state,
        stop,
        task,
    })
}

impl RunningProvider {
    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT`, without a trailing slash or API base path.
    pub fn root_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The partner public key, uncompressed SEC1 (130 hex characters, `04…`).
    pub fn public_key_hex(&self) -> String {
        self.state.public_key_hex()
    }

    /// The partner key's curve.
    pub fn curve(&self) -> Curve {
        self.state.curve()
    }

    /// The shared state, e.g. to mount the same provider elsewhere.
    pub fn state(&self) -> Arc<ProviderState> {
        self.state.clone()
    }

    /// A complete provider profile (YAML) describing this instance to the harness.
    pub fn profile_yaml(&self) -> String {
        profile_yaml(&self.root_url(), &self.state)
    }

    /// Stops accepting connections, lets open requests finish, and waits for the server.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}
