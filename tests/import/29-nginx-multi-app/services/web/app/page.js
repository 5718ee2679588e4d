export default function Atlas() {
  return <h1>Atlas</h1>;
}
