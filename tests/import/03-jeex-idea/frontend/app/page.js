export default function Home() {
  return <main><h1>JEEX Idea</h1></main>;
}
