use std::net::TcpListener;

fn main() {
    let listener = TcpListener::bind("0.0.0.0:3000").unwrap();
    for _ in listener.incoming() {}
}
