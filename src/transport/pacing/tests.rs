//! The pacer on tokio's paused clock: no real sleeps; time advances only when every task
//! waits, so the instants recorded are exactly the ones the pacer chose.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;

use super::*;
use crate::model::ProviderType;

const ACTION: &str = "ModifyStaff";

fn pacer(rate: Option<f64>) -> Arc<Pacer> {
    let config = ProviderConfig {
        provider_type: ProviderType::TencentCcc,
        sdk_app_id: Some(1),
        zone_id: None,
        instance_id: None,
        region: None,
        endpoint: None,
        rate_limit: rate.map(|r| (ACTION.to_string(), r)).into_iter().collect(),
        credentials: None,
    };
    Arc::new(Pacer::new(&config))
}

/// Queues `calls` waiters on `action` at once; returns when each was let through, sorted.
async fn grants(pacer: &Arc<Pacer>, action: &'static str, calls: usize) -> Vec<Instant> {
    let granted = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = JoinSet::new();
    for _ in 0..calls {
        let (pacer, granted) = (pacer.clone(), granted.clone());
        tasks.spawn(async move {
            pacer.wait(action).await;
            granted.lock().unwrap().push(Instant::now());
        });
    }
    while tasks.join_next().await.is_some() {}
    let mut granted = granted.lock().unwrap().clone();
    granted.sort();
    granted
}

/// The most requests any window of one second (`[t, t + 1 s)`) holds.
fn busiest_second(times: &[Instant]) -> usize {
    let mut most = 0;
    let mut start = 0;
    for (end, at) in times.iter().enumerate() {
        while *at - times[start] >= Duration::from_secs(1) {
            start += 1;
        }
        most = most.max(end - start + 1);
    }
    most
}

fn achieved_rate(times: &[Instant]) -> f64 {
    let span = (*times.last().unwrap() - times[0]).as_secs_f64();
    (times.len() - 1) as f64 / span
}

#[tokio::test(start_paused = true)]
async fn queued_work_reaches_the_rate_and_never_exceeds_it_in_any_second() {
    let pacer = pacer(None);
    let times = grants(&pacer, ACTION, 400).await;
    assert_eq!(times.len(), 400);
    assert!(busiest_second(&times) <= 20, "{}", busiest_second(&times));
    let rate = achieved_rate(&times);
    assert!((0.95 * 20.0..=20.0).contains(&rate), "{rate}");
}

#[tokio::test(start_paused = true)]
async fn each_action_has_its_own_lane() {
    let pacer = pacer(Some(10.0));
    let (staff, list) = tokio::join!(
        grants(&pacer, ACTION, 50),
        grants(&pacer, "DescribeStaffInfoList", 100)
    );
    assert!(busiest_second(&staff) <= 10);
    assert!(busiest_second(&list) <= 20);
    assert!(achieved_rate(&staff) >= 9.5, "{}", achieved_rate(&staff));
    assert!(achieved_rate(&list) >= 19.0, "{}", achieved_rate(&list));
}

#[tokio::test(start_paused = true)]
async fn a_throttle_slows_the_lane_and_it_recovers_without_a_burst() {
    let pacer = pacer(None);
    let before = grants(&pacer, ACTION, 40).await;
    pacer.throttled(ACTION, None);
    let slowed = grants(&pacer, ACTION, 30).await;
    assert!(
        achieved_rate(&slowed) < 0.75 * 20.0,
        "{}",
        achieved_rate(&slowed)
    );
    // Keep going without throttles: the rate climbs back to the ceiling.
    let mut recovered = Vec::new();
    for _ in 0..20 {
        pacer.succeeded(ACTION);
        recovered.extend(grants(&pacer, ACTION, 10).await);
    }
    assert!((pacer.current_rate(ACTION) - 20.0 * (1.0 - HEADROOM)).abs() < 1e-9);
    let all: Vec<Instant> = [before, slowed, recovered].concat();
    assert!(busiest_second(&all) <= 20, "{}", busiest_second(&all));
    let gaps = all.windows(2).map(|pair| pair[1] - pair[0]);
    assert!(gaps.clone().all(|gap| gap >= Duration::from_millis(50)));
}

#[tokio::test(start_paused = true)]
async fn retry_after_pauses_the_lane() {
    let pacer = pacer(None);
    grants(&pacer, ACTION, 1).await;
    let throttled_at = Instant::now();
    pacer.throttled(ACTION, Some(Duration::from_secs(2)));
    let next = grants(&pacer, ACTION, 1).await;
    assert!(next[0] - throttled_at >= Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn waiters_go_in_arrival_order() {
    let pacer = pacer(None);
    let order = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = JoinSet::new();
    for i in 0..10 {
        let (pacer, order) = (pacer.clone(), order.clone());
        tasks.spawn(async move {
            pacer.wait(ACTION).await;
            order.lock().unwrap().push(i);
        });
        // Let each task queue before the next is spawned.
        tokio::task::yield_now().await;
    }
    while tasks.join_next().await.is_some() {}
    assert_eq!(*order.lock().unwrap(), (0..10).collect::<Vec<_>>());
}
