//! A stand-in for the few GitHub and GitLab REST endpoints `examples/ci/usersync-ci.sh` calls
//! (comments and notes, issues), on 127.0.0.1:0 in a thread of its own. It keeps items per
//! collection path, lists them with `state`, `labels`, `per_page` and `page`, creates them on
//! POST and edits them on PATCH or PUT of `…/{id}`, refuses a request without the token, and
//! records every request so tests assert on what was sent.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

pub const TOKEN: &str = "ci-token-EXAMPLE-0123456789";

/// Which API it stands in for: where paths start, how the token comes, what "open" is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    GitHub,
    GitLab,
}

/// One request as received.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// Without the API prefix (`/api/v4` for GitLab) and without the query.
    pub path: String,
    pub body: Value,
}

#[derive(Default)]
struct Store {
    requests: Vec<Request>,
    /// (collection path, item).
    items: Vec<(String, Map<String, Value>)>,
    next_id: u64,
}

pub struct FakeApi {
    /// The API's base URL (`GITHUB_API_URL` or `CI_API_V4_URL`).
    pub url: String,
    store: Arc<Mutex<Store>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

#[derive(Clone)]
struct App {
    flavour: Flavour,
    store: Arc<Mutex<Store>>,
}

impl FakeApi {
    pub fn start(flavour: Flavour) -> FakeApi {
        let store = Arc::new(Mutex::new(Store {
            next_id: 1000,
            ..Store::default()
        }));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("an address");
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let app = App {
            flavour,
            store: store.clone(),
        };
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let router = Router::new().fallback(handle).with_state(app);
                let _ = axum::serve(listener, router)
                    .with_graceful_shutdown(async move {
                        let _ = stop.await;
                    })
                    .await;
            });
        });
        let prefix = match flavour {
            Flavour::GitHub => "",
            Flavour::GitLab => "/api/v4",
        };
        FakeApi {
            url: format!("http://{addr}{prefix}"),
            store,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    /// Adds an item to `collection` as if created earlier; returns its id.
    pub fn seed(&self, collection: &str, fields: Value) -> u64 {
        let mut store = self.store.lock().expect("store");
        insert(&mut store, collection, fields)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.store.lock().expect("store").requests.clone()
    }

    /// The items of `collection`, oldest first.
    pub fn items(&self, collection: &str) -> Vec<Value> {
        let store = self.store.lock().expect("store");
        store
            .items
            .iter()
            .filter(|(path, _)| path == collection)
            .map(|(_, item)| Value::Object(item.clone()))
            .collect()
    }
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn insert(store: &mut Store, collection: &str, fields: Value) -> u64 {
    store.next_id += 1;
    let id = store.next_id;
    let mut item = match fields {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    for key in ["id", "number", "iid"] {
        item.insert(key.into(), json!(id));
    }
    item.entry("state").or_insert(json!("open"));
    store.items.push((collection.to_string(), item));
    id
}

async fn handle(
    State(app): State<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (header, expected) = match app.flavour {
        Flavour::GitHub => ("authorization", format!("Bearer {TOKEN}")),
        Flavour::GitLab => ("private-token", TOKEN.to_string()),
    };
    if headers.get(header).and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            "{\"message\":\"Bad credentials\"}",
        )
            .into_response();
    }
    let path = match app.flavour {
        Flavour::GitHub => uri.path(),
        Flavour::GitLab => uri.path().strip_prefix("/api/v4").unwrap_or(""),
    }
    .to_string();
    let query: BTreeMap<String, String> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let open = match app.flavour {
        Flavour::GitHub => "open",
        Flavour::GitLab => "opened",
    };
    let mut store = app.store.lock().expect("store");
    store.requests.push(Request {
        method: method.to_string(),
        path: path.clone(),
        body: body.clone(),
    });
    match method.as_str() {
        "GET" => {
            let per_page: usize = query
                .get("per_page")
                .and_then(|n| n.parse().ok())
                .unwrap_or(30);
            let page: usize = query.get("page").and_then(|n| n.parse().ok()).unwrap_or(1);
            let listed: Vec<Value> = store
                .items
                .iter()
                .filter(|(collection, _)| *collection == path)
                .map(|(_, item)| item)
                .filter(|item| match query.get("state") {
                    Some(state) => {
                        let held = item["state"].as_str().unwrap_or("");
                        held == state || (state == open && held == "open")
                    }
                    None => true,
                })
                .filter(|item| match query.get("labels") {
                    Some(label) => labels(item).contains(label),
                    None => true,
                })
                .skip(per_page * (page.max(1) - 1))
                .take(per_page)
                .map(|item| Value::Object(item.clone()))
                .collect();
            Json(Value::Array(listed)).into_response()
        }
        "POST" => {
            insert(&mut store, &path, body);
            let item = store.items.last().map(|(_, item)| item.clone());
            (
                StatusCode::CREATED,
                Json(Value::Object(item.unwrap_or_default())),
            )
                .into_response()
        }
        "PATCH" | "PUT" => {
            let id: Option<u64> = path.rsplit('/').next().and_then(|id| id.parse().ok());
            let Some(item) = store
                .items
                .iter_mut()
                .map(|(_, item)| item)
                .find(|item| id.is_some() && item["id"].as_u64() == id)
            else {
                return (StatusCode::NOT_FOUND, "{\"message\":\"Not Found\"}").into_response();
            };
            if let Value::Object(fields) = body {
                for (key, value) in fields {
                    if key == "state_event" && value == "close" {
                        item.insert("state".into(), json!("closed"));
                    } else {
                        item.insert(key, value);
                    }
                }
            }
            Json(Value::Object(item.clone())).into_response()
        }
        _ => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    }
}

/// An item's labels: GitHub sends a list, GitLab a comma-separated string.
fn labels(item: &Map<String, Value>) -> Vec<String> {
    match item.get("labels") {
        Some(Value::Array(labels)) => labels
            .iter()
            .filter_map(|l| l.as_str().map(String::from))
            .collect(),
        Some(Value::String(labels)) => labels.split(',').map(String::from).collect(),
        _ => Vec::new(),
    }
}

/// A JSON response.
struct Json(Value);

impl IntoResponse for Json {
    fn into_response(self) -> Response {
        (
            [("content-type", "application/json")],
            serde_json::to_string(&self.0).expect("JSON"),
        )
            .into_response()
    }
}
