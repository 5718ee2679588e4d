export default function Page() {
  return <h1>Bookshelf</h1>;
}
